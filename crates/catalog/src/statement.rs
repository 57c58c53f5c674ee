//! Statements: the examples a statement shows, which must equal the sample tests.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// A fenced block of the statement that is part of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleBlock {
    /// `example` (a function call and its result), `input` or `output` (stdio).
    pub tag: String,
    pub text: String,
    /// Line of the opening fence in statement.md.
    pub line: usize,
}

/// The info strings of the fences that hold an example (also the class the server lets them keep).
pub const EXAMPLE_TAGS: [&str; 3] = ["example", "input", "output"];

/// The example blocks of a Markdown statement, in order.
pub fn example_blocks(markdown: &str) -> Vec<ExampleBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<ExampleBlock> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let tag = info.split_whitespace().next().unwrap_or_default().to_owned();
                if EXAMPLE_TAGS.contains(&tag.as_str()) {
                    let line = markdown[..range.start].matches('\n').count() + 1;
                    current = Some(ExampleBlock { tag, text: String::new(), line });
                }
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tagged_blocks_with_their_lines() {
        let md = "# Title\n\nText.\n\n```example\n>>> f(1)\n2\n```\n\n```python\nignored\n```\n\n```input\n1 2\n```\n```output\n3\n```\n";
        let blocks = example_blocks(md);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0], ExampleBlock { tag: "example".into(), text: ">>> f(1)\n2\n".into(), line: 5 });
        assert_eq!(blocks[1].tag, "input");
        assert_eq!(blocks[2].text, "3\n");
    }
}
