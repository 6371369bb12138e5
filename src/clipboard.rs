//! Copying text to the user's clipboard with OSC 52, the terminal escape sequence that works
//! over SSH and, with passthrough, inside tmux. Building the sequence is pure; sending it is
//! the caller's business (the terminal the user looks at).

use ratatui::crossterm::Command;
use ratatui::crossterm::clipboard::CopyToClipboard;

/// Above this many bytes of base64, many terminals drop an OSC 52 sequence silently
/// (xterm's default limit is about 100 kB).
pub const WARN_BYTES: usize = 100_000;

/// The OSC 52 sequence that puts `text` on the clipboard. Inside tmux (`in_tmux`) it is
/// wrapped for passthrough, so that tmux hands it to the outer terminal.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let mut sequence = String::new();
    // Writing into a String cannot fail.
    let _ = CopyToClipboard::to_clipboard_from(text.as_bytes()).write_ansi(&mut sequence);
    if in_tmux {
        format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
    } else {
        sequence
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
    fn sequences_carry_base64_and_wrap_for_tmux() {
        assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x1b\\");
        let wrapped = osc52("hi", true);
        assert!(
            wrapped.starts_with("\x1bPtmux;\x1b\x1b]52;c;aGk="),
            "{wrapped:?}"
        );
        assert!(wrapped.ends_with("\x1b\\"));
    }
}
