//! A table written as Parquet a batch of rows at a time (`--matches FILE.parquet`, for DuckDB,
//! Spark and polars users): rows arrive as text, are kept in typed columns, and every `BATCH` rows
//! become one row group, so memory holds one batch however long the run.

use std::io::Write;

use polars::prelude::*;

use super::AggregateError;

/// Rows kept before they are written as a row group.
const BATCH: usize = 64 * 1024;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Count,
    Flag,
}

/// A Parquet file being written.
pub struct ParquetTable<W: Write> {
    columns: Vec<(&'static str, Kind)>,
    cells: Vec<Vec<String>>,
    writer: polars::io::parquet::write::BatchedWriter<W>,
}

impl<W: Write> ParquetTable<W> {
    /// Starts a file with these columns.
    pub fn new(out: W, columns: &[(&'static str, Kind)]) -> Result<Self, AggregateError> {
        let schema: Schema = columns
            .iter()
            .map(|(name, kind)| Field::new((*name).into(), dtype(*kind)))
            .collect();
        let writer = ParquetWriter::new(out)
            .with_compression(ParquetCompression::Snappy)
            .batched(&schema)?;
        Ok(ParquetTable {
            columns: columns.to_vec(),
            cells: vec![Vec::new(); columns.len()],
            writer,
        })
    }

    /// Adds a row: one text per column (counts as decimal digits, flags as `true`/`false`).
    pub fn push(&mut self, row: &[&str]) -> Result<(), AggregateError> {
        for (column, cell) in self.cells.iter_mut().zip(row) {
            column.push((*cell).to_string());
        }
        if self.cells.first().map_or(0, Vec::len) >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), AggregateError> {
        if self.cells.first().is_none_or(Vec::is_empty) {
            return Ok(());
        }
        let columns: Vec<Column> = self
            .columns
            .iter()
            .zip(&mut self.cells)
            .map(|((name, kind), cells)| {
                let cells = std::mem::take(cells);
                match kind {
                    Kind::Text => Column::new((*name).into(), cells),
                    Kind::Count => Column::new(
                        (*name).into(),
                        cells
                            .iter()
                            .map(|c| c.parse::<u32>().unwrap_or_default())
                            .collect::<Vec<u32>>(),
                    ),
                    Kind::Flag => Column::new(
                        (*name).into(),
                        cells.iter().map(|c| c == "true").collect::<Vec<bool>>(),
                    ),
                }
            })
            .collect();
        let df = DataFrame::new_infer_height(columns)?;
        self.writer.write_batch(&df)?;
        Ok(())
    }

    /// Writes the last rows and the file's footer.
    pub fn finish(mut self) -> Result<(), AggregateError> {
        self.flush()?;
        self.writer.finish()?;
        Ok(())
    }
}

fn dtype(kind: Kind) -> DataType {
    match kind {
        Kind::Text => DataType::String,
        Kind::Count => DataType::UInt32,
        Kind::Flag => DataType::Boolean,
    }
}
