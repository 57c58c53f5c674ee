//! The verdict of a test or a submission: the one record of its codes and names.

use serde::{Deserialize, Serialize};
use verdict_catalog::ExpectedVerdict;

/// A test's or a submission's verdict. Its code (`AC`) is the variant's name, the same in JSON
/// ([`Serialize`]), in text ([`std::fmt::Display`], [`Verdict::as_str`]) and when parsed
/// ([`std::str::FromStr`]); its name as a person reads it is [`Verdict::name`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumMessage,
    strum::VariantArray,
)]
pub enum Verdict {
    #[strum(message = "Accepted")]
    AC,
    #[strum(message = "Wrong answer")]
    WA,
    #[strum(message = "Time limit exceeded")]
    TLE,
    #[strum(message = "Memory limit exceeded")]
    MLE,
    #[strum(message = "Output limit exceeded")]
    OLE,
    /// An ORM answer with the right value that sent more SQL queries than the problem allows.
    #[strum(message = "Too many queries")]
    QLE,
    /// A debugging answer that changes more lines of the starter than the problem allows.
    #[strum(message = "Too many changed lines")]
    CLE,
    /// A test suite (a `tests` problem's answer) in which no test was collected.
    #[strum(message = "No tests")]
    NT,
    #[strum(message = "Runtime error")]
    RE,
    #[strum(message = "Compile error")]
    CE,
    /// Never the candidate's fault: always logged with its cause.
    #[strum(message = "Internal error")]
    IE,
}

impl Verdict {
    /// The code: `AC`, `WA`, ...
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The verdict as a person reads it.
    pub fn name(self) -> &'static str {
        // Every variant has a message (the test below holds it to that).
        strum::EnumMessage::get_message(&self).unwrap_or_else(|| self.as_str())
    }
}

/// The verdict a submission in a problem's `submissions/<folder>/` must get.
impl From<ExpectedVerdict> for Verdict {
    fn from(expected: ExpectedVerdict) -> Self {
        match expected {
            ExpectedVerdict::Accepted => Verdict::AC,
            ExpectedVerdict::WrongAnswer => Verdict::WA,
            ExpectedVerdict::TimeLimit => Verdict::TLE,
            ExpectedVerdict::RuntimeError => Verdict::RE,
            ExpectedVerdict::MemoryLimit => Verdict::MLE,
            ExpectedVerdict::QueryBudget => Verdict::QLE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn every_verdict_has_a_name_and_one_code_in_json_text_and_parse() {
        for verdict in Verdict::VARIANTS {
            assert!(strum::EnumMessage::get_message(verdict).is_some(), "{verdict:?} has no name");
            assert_ne!(verdict.name(), verdict.as_str());
            let json = serde_json::to_value(verdict).unwrap_or_default();
            assert_eq!(json.as_str(), Some(verdict.as_str()));
            assert_eq!(verdict.to_string(), verdict.as_str());
            assert_eq!(verdict.as_str().parse::<Verdict>().ok(), Some(*verdict));
        }
        assert_eq!(Verdict::QLE.name(), "Too many queries");
        assert!("XX".parse::<Verdict>().is_err());
    }

    #[test]
    fn each_submissions_folder_names_its_own_verdict() {
        let verdicts: Vec<Verdict> = ExpectedVerdict::ALL.into_iter().map(Verdict::from).collect();
        assert_eq!(verdicts, [Verdict::AC, Verdict::WA, Verdict::TLE, Verdict::RE, Verdict::MLE, Verdict::QLE]);
    }
}
