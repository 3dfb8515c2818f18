//! Work spread over the machine's cores: a scoped pool for batches of independent
//! items (scenario files to parse or check), results in input order.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items a batch runs on the calling thread: starting a thread costs
/// more than parsing a file or two.
const MIN_PER_THREAD: usize = 4;

/// How many threads a batch of `items` gets: one per core, fewer for small batches.
fn threads_for(items: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(items / MIN_PER_THREAD).max(1)
}

/// `f` over every item on every core; the results in the order of `items`. Workers
/// take the next item as they finish one, so uneven items balance out.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    done.push((i, f(item)));
                }
                let mut all = results.lock().unwrap_or_else(|e| e.into_inner());
                for (i, r) in done {
                    all[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_whatever_the_batch_size() {
        for n in [0, 1, 3, 4, 9, 100, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let out = map(&items, |&i| {
                // Uneven work, so workers finish out of order.
                if i % 7 == 0 {
                    std::thread::yield_now();
                }
                i * 2
            });
            assert_eq!(
                out,
                items.iter().map(|i| i * 2).collect::<Vec<_>>(),
                "n = {n}"
            );
        }
    }
}
