//! Judge0's status ids, 1 to 14, with its descriptions, and how a sandboxed run's ending maps
//! onto them. Judge0 has no memory-limit or output-limit status: those map to its runtime-error
//! ids with a message saying which limit, as the issue asks.

use serde::Serialize;

/// A Judge0 status: its id and description, as `/statuses` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    InQueue = 1,
    Processing = 2,
    Accepted = 3,
    WrongAnswer = 4,
    TimeLimitExceeded = 5,
    CompilationError = 6,
    Sigsegv = 7,
    Sigxfsz = 8,
    Sigfpe = 9,
    Sigabrt = 10,
    Nzec = 11,
    Other = 12,
    InternalError = 13,
    ExecFormatError = 14,
}

/// Every status, in id order.
pub const ALL: [Status; 14] = [
    Status::InQueue,
    Status::Processing,
    Status::Accepted,
    Status::WrongAnswer,
    Status::TimeLimitExceeded,
    Status::CompilationError,
    Status::Sigsegv,
    Status::Sigxfsz,
    Status::Sigfpe,
    Status::Sigabrt,
    Status::Nzec,
    Status::Other,
    Status::InternalError,
    Status::ExecFormatError,
];

/// A status as the API shows it: `{"id": 3, "description": "Accepted"}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatusView {
    pub id: u8,
    pub description: &'static str,
}

impl Status {
    pub fn id(self) -> u8 {
        self as u8
    }

    pub fn from_id(id: u8) -> Option<Status> {
        ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn description(self) -> &'static str {
        match self {
            Status::InQueue => "In Queue",
            Status::Processing => "Processing",
            Status::Accepted => "Accepted",
            Status::WrongAnswer => "Wrong Answer",
            Status::TimeLimitExceeded => "Time Limit Exceeded",
            Status::CompilationError => "Compilation Error",
            Status::Sigsegv => "Runtime Error (SIGSEGV)",
            Status::Sigxfsz => "Runtime Error (SIGXFSZ)",
            Status::Sigfpe => "Runtime Error (SIGFPE)",
            Status::Sigabrt => "Runtime Error (SIGABRT)",
            Status::Nzec => "Runtime Error (NZEC)",
            Status::Other => "Runtime Error (Other)",
            Status::InternalError => "Internal Error",
            Status::ExecFormatError => "Exec Format Error",
        }
    }

    pub fn view(self) -> StatusView {
        StatusView { id: self.id(), description: self.description() }
    }

    /// The runtime error Judge0 names for a program killed by `signal` (its
    /// `find_runtime_error_by_status_code`): SIGSEGV, SIGXFSZ, SIGFPE, SIGABRT, else Other.
    pub fn for_signal(signal: i32) -> Status {
        match signal {
            11 => Status::Sigsegv,
            25 => Status::Sigxfsz,
            8 => Status::Sigfpe,
            6 => Status::Sigabrt,
            _ => Status::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_run_from_1_to_14_in_order() {
        let ids: Vec<u8> = ALL.iter().map(|s| s.id()).collect();
        assert_eq!(ids, (1..=14).collect::<Vec<u8>>());
        assert_eq!(Status::from_id(4), Some(Status::WrongAnswer));
        assert_eq!(Status::from_id(15), None);
        assert_eq!(Status::for_signal(11), Status::Sigsegv);
        assert_eq!(Status::for_signal(9), Status::Other);
    }
}
