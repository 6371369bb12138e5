//! Copying text to the user's clipboard with OSC 52, the terminal escape sequence that works
//! over SSH and inside tmux. Building the sequence is pure; sending it is the caller's
//! business (the terminal the user looks at).
//!
//! Inside tmux the plain sequence is sent: tmux takes it and passes it on to the outer
//! terminal when `set -g set-clipboard on` is set. A passthrough-wrapped sequence would need
//! `allow-passthrough on` as well, which is off by default, and is dropped otherwise.

use ratatui::crossterm::Command;
use ratatui::crossterm::clipboard::CopyToClipboard;

/// Above this many bytes of base64, many terminals drop an OSC 52 sequence silently
/// (xterm's default limit is about 100 kB).
pub const WARN_BYTES: usize = 100_000;

/// The OSC 52 sequence that puts `text` on the clipboard, the same in and out of tmux.
pub fn osc52(text: &str) -> String {
    let mut sequence = String::new();
    // Writing into a String cannot fail.
    let _ = CopyToClipboard::to_clipboard_from(text.as_bytes()).write_ansi(&mut sequence);
    sequence
}

/// What the user must know for the copy to arrive: inside tmux, the setting it needs.
pub fn advice() -> &'static str {
    if in_tmux() {
        "inside tmux it needs `set -g set-clipboard on`"
    } else {
        "if it does not arrive, the terminal lacks OSC 52"
    }
}

/// Whether this process runs inside tmux.
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_carry_base64_and_are_plain_for_tmux_too() {
        // tmux forwards a plain OSC 52 with set-clipboard on; a wrapped one it drops unless
        // allow-passthrough is on as well.
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x1b\\");
    }
}
