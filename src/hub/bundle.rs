//! The bundle an air-gapped branch carries to the head office: runs and meetings as
//! the hub stores them, gzip-compressed, behind two text lines that say what the file
//! is and what its payload must hash to:
//!
//! ```text
//! rehearse-bundle 1
//! sha256 <64 hex digits> <payload length in bytes>
//! <gzip of one JSON object: {"branch", "branch_name", "created_at", "meetings", "runs"}>
//! ```
//!
//! A bundle is checked whole (length, checksum, gzip, JSON) before anything of it
//! is loaded, so a truncated or altered file is refused with nothing loaded.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::push::{HubMeeting, HubRun};

const MAGIC: &str = "rehearse-bundle 1\n";

/// More than any branch's runs; a larger payload is refused before it is inflated.
pub const MAX_PAYLOAD: usize = 1 << 30;
/// How far a payload may inflate (a gzip bomb is stopped here).
const MAX_JSON: u64 = 8 << 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub branch: String,
    pub branch_name: Option<String>,
    pub created_at: String,
    pub meetings: Vec<HubMeeting>,
    pub runs: Vec<HubRun>,
}

/// Why a file is not a bundle that can be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotABundle,
    Truncated { expected: usize, found: usize },
    Altered,
    Damaged(String),
}

pub fn write(w: &mut dyn Write, bundle: &Bundle) -> std::io::Result<()> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    serde_json::to_writer(&mut gz, bundle)?;
    let payload = gz.finish()?;
    let hash = hex(&Sha256::digest(&payload));
    writeln!(w, "{MAGIC}sha256 {hash} {}", payload.len())?;
    w.write_all(&payload)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn read(bytes: &[u8]) -> Result<Bundle, Refusal> {
    let rest = bytes
        .strip_prefix(MAGIC.as_bytes())
        .ok_or(Refusal::NotABundle)?;
    let newline = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(Refusal::NotABundle)?;
    let line = std::str::from_utf8(&rest[..newline]).map_err(|_| Refusal::NotABundle)?;
    let payload = &rest[newline + 1..];
    let mut words = line.split(' ');
    let (Some("sha256"), Some(hash), Some(len), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(Refusal::NotABundle);
    };
    let expected: usize = len.parse().map_err(|_| Refusal::NotABundle)?;
    if payload.len() < expected {
        return Err(Refusal::Truncated {
            expected,
            found: payload.len(),
        });
    }
    if payload.len() != expected || hex(&Sha256::digest(payload)) != hash.to_ascii_lowercase() {
        return Err(Refusal::Altered);
    }
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(payload)
        .take(MAX_JSON)
        .read_to_end(&mut json)
        .map_err(|e| Refusal::Damaged(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|e| Refusal::Damaged(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bundle {
        Bundle {
            branch: "0101".into(),
            branch_name: Some("东湖路支行".into()),
            created_at: "2026-11-30T04:00:00Z".into(),
            meetings: Vec::new(),
            runs: vec![HubRun {
                uuid: "00000000-0000-4000-8000-000000000001".into(),
                branch: "0101".into(),
                trainee: "E1".into(),
                trainee_name: None,
                scenario_id: "s".into(),
                skill: Some("phone".into()),
                scenario_hash: "h".into(),
                seed: -1,
                started_at: "2026-11-30T03:00:00Z".into(),
                finished_at: "2026-11-30T03:01:00Z".into(),
                score: 100,
                passed: true,
                walked_out: false,
                meeting_uuid: None,
                missed: vec![],
                banned: vec!["你好".into()],
                steps: serde_json::json!([]),
            }],
        }
    }

    #[test]
    fn a_bundle_reads_back_and_any_change_is_refused() {
        let mut bytes = Vec::new();
        write(&mut bytes, &sample()).unwrap();
        assert_eq!(read(&bytes), Ok(sample()));
        let end = bytes.len();
        for cut in [end - 1, end - 30, MAGIC.len() + 80] {
            assert!(
                matches!(read(&bytes[..cut]), Err(Refusal::Truncated { .. })),
                "cut at {cut}"
            );
        }
        for at in [MAGIC.len() + 90, end - 1, end / 2 + 40] {
            let mut altered = bytes.clone();
            altered[at] ^= 0x01;
            assert_eq!(read(&altered), Err(Refusal::Altered), "byte {at}");
        }
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert_eq!(read(&longer), Err(Refusal::Altered));
        assert_eq!(read(b"PK\x03\x04"), Err(Refusal::NotABundle));
        assert_eq!(read(&bytes[..10]), Err(Refusal::NotABundle));
    }
}
