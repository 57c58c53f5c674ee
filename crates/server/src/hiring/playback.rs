//! Keystroke playback as data: a problem's recorded batches of editor deltas, and the text
//! they rebuild. Positions are UTF-16 code units (the browser editor's), so the rebuild here
//! and the web app's player agree to the character. Each batch that carries a `base` starts
//! the text again from it (a new page load), so a lost or malformed batch spoils its own
//! stretch only.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::{DeltaBatch, Recording};

/// One change for the player: `[at_ms, from, to, insert]` (`at_ms` server time in ms since
/// the Unix epoch; replace UTF-16 units `from..to` of the text so far with `insert`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeltaView(pub i64, pub u32, pub u32, pub String);

/// A stretch of recording from one page load (`base` set) or the continuation of the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SegmentView {
    /// The whole text the editor held before its first change here, when this batch starts a
    /// stretch.
    pub base: Option<String>,
    pub changes: Vec<DeltaView>,
}

/// One problem's keystroke recording, as the team's player reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordingView {
    pub problem: String,
    /// The recording reached its cap (`MAX_RECORDING_BYTES`) and keeps nothing after that
    /// point; the draft history (autosaves) goes on.
    pub cut: bool,
    /// Whether replaying every change gives exactly the code as last saved.
    pub replays_to_final: bool,
    pub segments: Vec<SegmentView>,
}

/// Replaces UTF-16 units `from..to` of `text` with `insert`; None when the range does not fit.
fn apply(text: &mut Vec<u16>, from: u32, to: u32, insert: &str) -> Option<()> {
    let (from, to) = (usize::try_from(from).ok()?, usize::try_from(to).ok()?);
    if from > to || to > text.len() {
        return None;
    }
    text.splice(from..to, insert.encode_utf16());
    Some(())
}

/// The text the batches rebuild: None when there is nothing to start from, or when a change of
/// the last stretch does not fit the text it was made on.
pub fn replay(batches: &[DeltaBatch]) -> Option<String> {
    let mut text: Option<Vec<u16>> = None;
    for batch in batches {
        if let Some(base) = &batch.base {
            text = Some(base.encode_utf16().collect());
        }
        for change in &batch.changes {
            let fits = text.as_mut().and_then(|t| apply(t, change.from, change.to, &change.insert));
            if fits.is_none() {
                text = None;
            }
        }
    }
    text.and_then(|t| String::from_utf16(&t).ok())
}

/// The view of a recording, checked against the code as last saved.
pub fn recording_view(problem: &str, recording: Recording, final_code: Option<&str>) -> RecordingView {
    let replays_to_final = final_code.is_some() && replay(&recording.batches).as_deref() == final_code;
    RecordingView {
        problem: problem.to_owned(),
        cut: recording.cut,
        replays_to_final,
        segments: recording
            .batches
            .into_iter()
            .map(|b| SegmentView {
                base: b.base,
                changes: b.changes.into_iter().map(|d| DeltaView(d.at, d.from, d.to, d.insert)).collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod unit {
    use super::*;
    use verdict_store::Delta;

    fn d(from: u32, to: u32, insert: &str) -> Delta {
        Delta { at: 0, from, to, insert: insert.into() }
    }

    fn batch(base: Option<&str>, changes: Vec<Delta>) -> DeltaBatch {
        DeltaBatch { base: base.map(str::to_owned), changes }
    }

    #[test]
    fn typing_deleting_and_replacing_rebuild_the_text_exactly() {
        let batches = [
            batch(Some("def f():\n    pass\n"), vec![d(13, 17, "return 1"), d(4, 5, "g")]),
            batch(None, vec![d(20, 21, "42"), d(0, 0, "# é ✓ 😀\n")]),
        ];
        assert_eq!(replay(&batches).as_deref(), Some("# é ✓ 😀\ndef g():\n    return 42\n"));
    }

    #[test]
    fn positions_are_utf16_units_as_the_browser_counts_them() {
        // 😀 is two UTF-16 units: the text after it starts at 2, not 1 (chars) or 4 (bytes).
        let batches = [batch(Some("😀x"), vec![d(2, 3, "y")])];
        assert_eq!(replay(&batches).as_deref(), Some("😀y"));
    }

    #[test]
    fn a_change_that_does_not_fit_spoils_its_stretch_until_the_next_base() {
        let broken = [batch(Some("ab"), vec![d(1, 9, "")])];
        assert_eq!(replay(&broken), None);
        let healed = [batch(Some("ab"), vec![d(1, 9, "")]), batch(Some("new"), vec![d(3, 3, "!")])];
        assert_eq!(replay(&healed).as_deref(), Some("new!"));
        assert_eq!(replay(&[batch(None, vec![d(0, 0, "x")])]), None, "nothing to start from");
    }

    #[test]
    fn the_view_says_whether_the_recording_ends_at_the_saved_code() {
        let recording = Recording { batches: vec![batch(Some(""), vec![d(0, 0, "x = 1")])], cut: false };
        assert!(recording_view("p", recording.clone(), Some("x = 1")).replays_to_final);
        assert!(!recording_view("p", recording.clone(), Some("x = 2")).replays_to_final);
        assert!(!recording_view("p", recording, None).replays_to_final);
    }
}
