//! The fork server's side of its control channel: one JSON message per packet.

use nix::sys::socket::MsgFlags;
use std::os::fd::{AsFd, AsRawFd};
use verdict_boxspec::fork::{ZygoteEvent, MAX_MESSAGE};
use verdict_confine::SetupError;

/// What the orchestrator is told when the fork server stops before serving.
pub(crate) fn event(error: SetupError) -> ZygoteEvent {
    match error {
        SetupError::Refused(e) => ZygoteEvent::Refused { layer: e.layer, detail: e.detail },
        SetupError::Failed(detail) => ZygoteEvent::Failed { detail },
    }
}

pub(crate) fn send_event(control: &impl AsFd, event: &ZygoteEvent) -> Result<(), SetupError> {
    let bytes = serde_json::to_vec(event).map_err(|e| SetupError::failed("encoding an event", e))?;
    nix::sys::socket::send(control.as_fd().as_raw_fd(), &bytes, MsgFlags::empty())
        .map_err(|e| SetupError::failed("sending an event", e))?;
    Ok(())
}

pub(crate) fn receive_message(control: &impl AsFd, what: &str) -> Result<Vec<u8>, SetupError> {
    let mut buf = vec![0u8; MAX_MESSAGE];
    let n = nix::sys::socket::recv(control.as_fd().as_raw_fd(), &mut buf, MsgFlags::empty())
        .map_err(|e| SetupError::failed(what, e))?;
    if n == 0 {
        return Err(SetupError::Failed(format!("{what}: the orchestrator closed the channel")));
    }
    buf.truncate(n);
    Ok(buf)
}

/// The length of the next packet on a `SOCK_SEQPACKET` socket, waiting for one (0 once the
/// peer has closed it). Each receive buffer is sized to its packet: a buffer of
/// [`MAX_MESSAGE`] bytes zeroed for every packet would write 64 pages, each a copy of a page
/// the zygote shares with its children.
pub(crate) fn next_packet_len(socket: &impl AsFd) -> nix::Result<usize> {
    loop {
        match nix::sys::socket::recv(socket.as_fd().as_raw_fd(), &mut [], MsgFlags::MSG_PEEK | MsgFlags::MSG_TRUNC) {
            Err(nix::errno::Errno::EINTR) => continue,
            other => return other,
        }
    }
}
