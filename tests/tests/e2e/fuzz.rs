//! A short run of every fuzz target (`tests/fuzz`) inside the test suite:
//! the checked-in corpus (`fuzz/corpus/{target}`, every finding included),
//! then mutations of it from a fixed seed. `fuzz/run.sh` runs the same
//! targets coverage-guided under libFuzzer.

use std::path::PathBuf;

use wasmbind_fuzz::TARGETS;

/// Inputs per target after the corpus.
const MUTATIONS: usize = 3000;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir: PathBuf = wasmbind_tests::workspace().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files.into_iter().map(|path| std::fs::read(path).unwrap()).collect()
}

/// xorshift64*: the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `seed` with a few bytes flipped, inserted, removed or overwritten
    /// with boundary values.
    fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut input = seed.to_vec();
        for _ in 0..1 + self.below(4) {
            let at = self.below(input.len() + 1);
            match self.below(5) {
                0 if at < input.len() => input[at] ^= 1 << self.below(8),
                1 => input.insert(at, self.next() as u8),
                2 if at < input.len() => drop(input.remove(at)),
                3 => {
                    let value: [u8; 4] = [[0; 4], [0xff; 4], [0, 0, 0, 0x80], 128u32.to_le_bytes()][self.below(4)];
                    let end = (at + 4).min(input.len());
                    input.splice(at..end, value);
                }
                _ => input.extend((0..self.below(16)).map(|_| self.next() as u8)),
            }
        }
        input
    }
}

#[test]
fn every_fuzz_target_survives_its_corpus_and_mutations_of_it() {
    for (name, target) in TARGETS {
        let seeds = corpus(name);
        assert!(!seeds.is_empty(), "fuzz/corpus/{name} holds seeds");
        for seed in &seeds {
            target(seed);
        }
        if name == "host_call" {
            // Well-formed seeds get through to the host functions.
            assert!(wasmbind_fuzz::host_calls_seen() > 0, "the host_call seeds reach no host function");
        }
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        for _ in 0..MUTATIONS {
            let seed = &seeds[rng.below(seeds.len())];
            let input = rng.mutate(seed);
            target(&input);
        }
    }
}

/// Writes [`wasmbind_fuzz::seeds`] into `fuzz/corpus` (run once by hand:
/// `cargo test --test e2e write_seed_corpus -- --ignored`).
#[test]
#[ignore]
fn write_seed_corpus() {
    let root = wasmbind_tests::workspace().join("fuzz/corpus");
    for (i, (target, input)) in wasmbind_fuzz::seeds().into_iter().enumerate() {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-{i:02}")), input).unwrap();
    }
}
