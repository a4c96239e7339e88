//! `random_get`'s source, as granted: none (ENOTCAPABLE), the host's
//! CSPRNG (getrandom), or a deterministic stream from a seed: SHA-256 in
//! counter mode over the seed bytes, so the same seed gives byte-identical
//! output on every run and machine. The seeded stream is for reproducible
//! tests and simulations, not for secrets.

use sha2::{Digest, Sha256};

use crate::errno::{Errno, WasiResult};

pub(crate) enum RandomSource {
    None,
    Host,
    Seeded {
        seed: Vec<u8>,
        counter: u64,
        block: [u8; 32],
        used: usize,
    },
}

impl RandomSource {
    pub(crate) fn new(policy: &policy::wasi::Random) -> RandomSource {
        match policy {
            policy::wasi::Random::None => RandomSource::None,
            policy::wasi::Random::Host => RandomSource::Host,
            policy::wasi::Random::Seed(seed) => RandomSource::Seeded {
                seed: seed.clone(),
                counter: 0,
                block: [0; 32],
                used: 32,
            },
        }
    }

    pub(crate) fn fill(&mut self, out: &mut [u8]) -> WasiResult<()> {
        match self {
            RandomSource::None => Err(Errno::Notcapable),
            RandomSource::Host => host_random(out),
            RandomSource::Seeded {
                seed,
                counter,
                block,
                used,
            } => {
                for byte in out {
                    if *used == block.len() {
                        *block = Sha256::new()
                            .chain_update(&*seed)
                            .chain_update(counter.to_le_bytes())
                            .finalize()
                            .into();
                        *counter += 1;
                        *used = 0;
                    }
                    *byte = block[*used];
                    *used += 1;
                }
                Ok(())
            }
        }
    }
}

fn host_random(out: &mut [u8]) -> WasiResult<()> {
    let mut filled = 0;
    while filled < out.len() {
        let rest = &mut out[filled..];
        // SAFETY: rest is a valid writable buffer of rest.len() bytes.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n < 0 {
            let error = std::io::Error::last_os_error();
            if error.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error.into());
        }
        filled += n as usize;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use policy::wasi::Random;

    fn bytes(policy: &Random, n: usize) -> Vec<u8> {
        let mut out = vec![0; n];
        RandomSource::new(policy).fill(&mut out).unwrap();
        out
    }

    #[test]
    fn seeded_streams_repeat_and_differ_by_seed() {
        let a = bytes(&Random::Seed(vec![1, 2]), 100);
        assert_eq!(a, bytes(&Random::Seed(vec![1, 2]), 100));
        assert_ne!(a, bytes(&Random::Seed(vec![1, 3]), 100));
        // Reading in pieces gives the same stream.
        let mut source = RandomSource::new(&Random::Seed(vec![1, 2]));
        let mut pieces = vec![0; 100];
        source.fill(&mut pieces[..7]).unwrap();
        source.fill(&mut pieces[7..]).unwrap();
        assert_eq!(a, pieces);
    }

    #[test]
    fn none_is_refused() {
        let mut out = [0u8; 4];
        assert_eq!(
            RandomSource::new(&Random::None).fill(&mut out),
            Err(Errno::Notcapable)
        );
    }
}
