//! CSV records in bounded memory. Fields are parsed one at a time (by `csv_core`, the
//! parser under the `csv` crate, with its defaults: `,`, `"` quoting, `""` escapes,
//! any line ending, blank lines skipped) and handed to the caller in pieces, so the
//! caller keeps only the fields it wants; a record longer than the limit, counted in
//! input bytes, is reported as soon as it passes the limit and its rest is skipped
//! unseen. Neither a long field nor a record of countless empty fields can take the
//! memory, which `csv::Reader` (one growing buffer per record) cannot promise.

use std::io::{self, BufRead};

/// What [`Records::next`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// A whole record of `fields` fields, starting at `line`.
    Record { line: u64, fields: usize },
    /// A record starting at `line` is longer than the limit. Its pieces handed out so
    /// far are a prefix only; the next call skips the rest of it.
    TooLong { line: u64 },
    /// The input is over.
    End,
}

/// Fields are parsed through a buffer of this size; a longer field comes in pieces.
const PIECE: usize = 64 * 1024;

pub struct Records<R> {
    src: R,
    core: csv_core::Reader,
    piece: Box<[u8]>,
    max: usize,
    /// Input bytes consumed so far.
    bytes: u64,
    /// A record over the limit is being skipped.
    skipping: bool,
}

impl<R: BufRead> Records<R> {
    /// Records of `src`; one longer than `max` bytes is [`Next::TooLong`].
    pub fn new(src: R, max: usize) -> Records<R> {
        Records {
            src,
            core: csv_core::Reader::new(),
            piece: vec![0; PIECE].into_boxed_slice(),
            max,
            bytes: 0,
            skipping: false,
        }
    }

    /// Input bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The line the parser is at (1-based), for an error between records.
    pub fn line(&self) -> u64 {
        self.core.line()
    }

    /// Reads the next record, calling `field(index, piece, last)` with each field's
    /// bytes (quotes removed) in order: one or more pieces per field, the last one
    /// with `last` set (possibly empty).
    pub fn next(&mut self, field: &mut dyn FnMut(usize, &[u8], bool)) -> io::Result<Next> {
        if self.skipping {
            self.skip()?;
        }
        // Blank lines, and the `\n` of a `\r\n` that ended the record before, belong
        // to no record: past them, the parser's line is this record's.
        loop {
            let input = self.src.fill_buf()?;
            let ends = input
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            if ends == 0 {
                break;
            }
            let (_, nin, _) = self.core.read_field(&input[..ends], &mut self.piece);
            self.src.consume(nin);
            self.bytes += nin as u64;
        }
        let line = self.core.line();
        let mut index = 0;
        let mut size = 0usize;
        loop {
            let input = self.src.fill_buf()?;
            let (res, nin, nout) = self.core.read_field(input, &mut self.piece);
            self.src.consume(nin);
            self.bytes += nin as u64;
            size += nin;
            let piece = &self.piece[..nout];
            // Over the limit is over, wherever the read happened to stop.
            let over = size > self.max;
            match res {
                // Part of a field, cut where the input or the buffer ran out.
                csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {
                    if !over && !piece.is_empty() {
                        field(index, piece, false);
                    }
                }
                csv_core::ReadFieldResult::Field { record_end } if over => {
                    self.skipping = !record_end;
                    return Ok(Next::TooLong { line });
                }
                csv_core::ReadFieldResult::Field { record_end } => {
                    field(index, piece, true);
                    index += 1;
                    if record_end {
                        return Ok(Next::Record {
                            line,
                            fields: index,
                        });
                    }
                }
                csv_core::ReadFieldResult::End => return Ok(Next::End),
            }
            if over {
                self.skipping = true;
                return Ok(Next::TooLong { line });
            }
        }
    }

    /// Parses on to the end of the current record, keeping nothing.
    fn skip(&mut self) -> io::Result<()> {
        loop {
            let input = self.src.fill_buf()?;
            let (res, nin, _) = self.core.read_field(input, &mut self.piece);
            self.src.consume(nin);
            self.bytes += nin as u64;
            match res {
                csv_core::ReadFieldResult::Field { record_end: false }
                | csv_core::ReadFieldResult::InputEmpty
                | csv_core::ReadFieldResult::OutputFull => {}
                csv_core::ReadFieldResult::Field { record_end: true }
                | csv_core::ReadFieldResult::End => break,
            }
        }
        self.skipping = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `csv` read with limit `max`: each field whole, or the line
    /// of a record over the limit.
    fn read(csv: &[u8], max: usize) -> Vec<Result<(u64, Vec<String>), u64>> {
        let mut records = Records::new(csv, max);
        let mut found = Vec::new();
        loop {
            let mut fields = vec![String::new()];
            let next = records.next(&mut |i, piece, last| {
                assert_eq!(i + 1, fields.len());
                fields[i].push_str(std::str::from_utf8(piece).expect("utf-8"));
                if last {
                    fields.push(String::new());
                }
            });
            match next.expect("read") {
                Next::Record { line, fields: n } => {
                    fields.pop();
                    assert_eq!(fields.len(), n);
                    found.push(Ok((line, fields)));
                }
                Next::TooLong { line } => found.push(Err(line)),
                Next::End => break,
            }
        }
        assert_eq!(records.bytes(), csv.len() as u64);
        found
    }

    #[track_caller]
    fn case(csv: &str, max: usize, expected: &[Result<(u64, &[&str]), u64>]) {
        let expected: Vec<Result<(u64, Vec<String>), u64>> = expected
            .iter()
            .map(|e| e.map(|(line, f)| (line, f.iter().map(|s| s.to_string()).collect())))
            .collect();
        assert_eq!(read(csv.as_bytes(), max), expected);
    }

    #[test]
    fn reads_as_the_csv_crate_does() {
        case("", 100, &[]);
        case("id,text\n", 100, &[Ok((1, &["id", "text"]))]);
        case(
            "\u{feff}id,text\r\na,\"x,\"\"y\"\"\nz\"\n\nb,\n",
            100,
            &[
                Ok((1, &["id", "text"])),
                Ok((2, &["a", "x,\"y\"\nz"])),
                Ok((5, &["b", ""])),
            ],
        );
        case("a,b", 100, &[Ok((1, &["a", "b"]))]);
        case("\r\n\na\r\rb\r\n", 100, &[Ok((3, &["a"])), Ok((3, &["b"]))]);
    }

    #[test]
    fn a_record_over_the_limit_is_skipped_and_reading_goes_on() {
        let long = "x".repeat(PIECE * 3);
        let csv = format!(
            "id,text\na,\"{long}\n{long}\"\nb,ok\nc,{}\nd,end",
            ",".repeat(50)
        );
        case(
            &csv,
            40,
            &[
                Ok((1, &["id", "text"])),
                Err(2),
                Ok((4, &["b", "ok"])),
                Err(5),
                Ok((6, &["d", "end"])),
            ],
        );
        // Up to the limit is still a record.
        case("abcd\nabcde\n", 5, &[Ok((1, &["abcd"])), Err(2)]);
    }
}
