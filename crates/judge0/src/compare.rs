//! `expected_output` compared as Judge0 compares it (`IsolateJob#strip_output`): both sides are
//! split on "\n", each line loses its trailing whitespace, the lines are joined again and the
//! whole loses its trailing whitespace (so trailing blank lines do not count). Leading
//! whitespace, blank lines in the middle and everything else must match byte for byte.

/// The form Judge0 compares.
pub fn strip_output(output: &[u8]) -> Vec<u8> {
    let lines: Vec<&[u8]> = output.split(|b| *b == b'\n').map(rstrip).collect();
    let joined = lines.join(&b'\n');
    rstrip(&joined).to_vec()
}

/// Ruby's `rstrip`: trailing ASCII whitespace and NUL.
fn rstrip(bytes: &[u8]) -> &[u8] {
    let end =
        bytes.iter().rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0)).map_or(0, |i| i + 1);
    &bytes[..end]
}

/// Whether a program's stdout is what was expected.
pub fn matches(expected: &[u8], stdout: &[u8]) -> bool {
    strip_output(expected) == strip_output(stdout)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn trailing_whitespace_and_newlines_do_not_count() {
        assert!(matches(b"hello", b"hello\n"));
        assert!(matches(b"1 2\n3\n", b"1 2   \n3\t\r\n\n\n"));
        assert!(matches(b"", b"\n\n"));
        assert!(matches(b"a\r\nb", b"a\nb"));
    }

    #[test]
    fn everything_else_counts() {
        assert!(!matches(b"hello", b" hello"));
        assert!(!matches(b"a\nb", b"a\n\nb"));
        assert!(!matches(b"a b", b"a  b"));
        assert!(!matches(b"Hello", b"hello"));
    }
}
