//! The tokens a validator verified: by their exact bytes, bounded in
//! number, holding what the per-use checks need.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::time::{Duration, SystemTime};

/// What a verified token says, read once: what the checks that run on every
/// use (issuer, audience, time, tenant) need.
#[derive(Clone, Debug)]
pub(crate) struct TokenFacts {
    pub(crate) issuer: String,
    pub(crate) audiences: Vec<String>,
    pub(crate) tenant_id: String,
    pub(crate) key_id: String,
    pub(crate) expires_at: SystemTime,
    pub(crate) not_before: Option<SystemTime>,
    pub(crate) issued_at: Option<SystemTime>,
}

/// Tokens whose signature verified, keyed by all their bytes.
///
/// The map's key is the whole token, so a lookup hits only for a token equal
/// in every byte to one that was verified; no digest stands in for it, so
/// there is no collision to reason about. Only the bucket is chosen from
/// part of the token (see [`TailHasher`]).
pub(crate) struct VerifiedTokens {
    capacity: usize,
    map: HashMap<Box<str>, TokenFacts, TailHash>,
}

impl VerifiedTokens {
    /// An empty cache of at most `capacity` tokens (0: it remembers none).
    pub(crate) fn new(capacity: usize) -> Self {
        VerifiedTokens {
            capacity,
            map: HashMap::with_hasher(TailHash(RandomState::new())),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn clear(&mut self) {
        self.map.clear();
    }

    /// The facts of a token verified before, if this exact token was.
    pub(crate) fn get(&self, token: &str) -> Option<&TokenFacts> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(token)
    }

    /// Remembers a token that passed every check at `now`. When the cache is
    /// full, the tokens expired at `now` (past `exp` plus `skew`) are dropped
    /// first, then the one that expires first. This runs after a signature
    /// verification, which costs far more than the scan.
    pub(crate) fn insert(
        &mut self,
        token: &str,
        facts: TokenFacts,
        now: SystemTime,
        skew: Duration,
    ) {
        if self.capacity == 0 {
            return;
        }
        if self.map.len() >= self.capacity && !self.map.contains_key(token) {
            self.map.retain(|_, f| {
                f.expires_at
                    .checked_add(skew)
                    .is_none_or(|limit| now < limit)
            });
            while self.map.len() >= self.capacity {
                let Some(first) = self
                    .map
                    .iter()
                    .min_by_key(|(_, f)| f.expires_at)
                    .map(|(k, _)| k.clone())
                else {
                    break;
                };
                self.map.remove(&first);
            }
        }
        self.map.insert(token.into(), facts);
    }
}

/// How many trailing bytes of a token choose its bucket.
const TAIL: usize = 32;

/// Builds [`TailHasher`]s keyed by a per-cache random key.
#[derive(Clone)]
struct TailHash(RandomState);

impl BuildHasher for TailHash {
    type Hasher = TailHasher;

    fn build_hasher(&self) -> TailHasher {
        TailHasher {
            inner: self.0.build_hasher(),
            tail: [0; TAIL],
            filled: 0,
            length: 0,
        }
    }
}

/// Hashes only the last [`TAIL`] bytes of a token (and its length) with the
/// standard keyed SipHash, so that a lookup costs the same for any token
/// length.
///
/// Those bytes are the end of the RS256 signature, unpredictable without
/// the service's key; and a token enters the cache only once its signature
/// verified, so nobody can fill a bucket on purpose. A lookup with any
/// token compares the whole token with the few in its bucket: equality, not
/// the hash, decides a hit.
struct TailHasher {
    inner: std::hash::DefaultHasher,
    tail: [u8; TAIL],
    filled: usize,
    length: usize,
}

impl Hasher for TailHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.length = self.length.wrapping_add(bytes.len());
        if bytes.len() >= TAIL {
            self.tail.copy_from_slice(&bytes[bytes.len() - TAIL..]);
            self.filled = TAIL;
        } else {
            // Shift the kept tail left and append (only for short writes,
            // such as the end marker `str`'s `Hash` writes).
            let keep = (TAIL - bytes.len()).min(self.filled);
            let start = self.filled - keep;
            self.tail.copy_within(start..self.filled, 0);
            self.tail[keep..keep + bytes.len()].copy_from_slice(bytes);
            self.filled = keep + bytes.len();
        }
    }

    fn finish(&self) -> u64 {
        let mut inner = self.inner.clone();
        inner.write(&self.tail[..self.filled]);
        inner.write_usize(self.length);
        inner.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(build: &TailHash, s: &str) -> u64 {
        build.hash_one(s)
    }

    #[test]
    fn the_bucket_depends_on_the_tail_and_the_length() {
        let build = TailHash(RandomState::new());
        let long = "x".repeat(100) + &"abcdefghij".repeat(4);
        assert_eq!(hash(&build, &long), hash(&build, &long.clone()));
        // Another head, same tail and length: same bucket (equality decides).
        let other_head = "y".repeat(100) + &"abcdefghij".repeat(4);
        assert_eq!(hash(&build, &long), hash(&build, &other_head));
        // Another last byte, or another length: another hash.
        let other_tail = long[..long.len() - 1].to_owned() + "k";
        assert_ne!(hash(&build, &long), hash(&build, &other_tail));
        assert_ne!(hash(&build, &long), hash(&build, &long[1..]));
        // Short values hash all their bytes.
        assert_ne!(hash(&build, "ab"), hash(&build, "ba"));
    }

    #[test]
    fn a_hit_needs_every_byte() {
        let mut cache = VerifiedTokens::new(4);
        let facts = TokenFacts {
            issuer: String::new(),
            audiences: Vec::new(),
            tenant_id: String::new(),
            key_id: String::new(),
            expires_at: SystemTime::UNIX_EPOCH + Duration::from_secs(100),
            not_before: None,
            issued_at: None,
        };
        let token = "h".repeat(50) + &"s".repeat(40);
        cache.insert(&token, facts, SystemTime::UNIX_EPOCH, Duration::ZERO);
        assert!(cache.get(&token).is_some());
        let other_head = "g".to_owned() + &token[1..];
        assert!(cache.get(&other_head).is_none());
    }

    #[test]
    fn the_cache_is_bounded_and_drops_what_expires_first() {
        let mut cache = VerifiedTokens::new(2);
        let at = |secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
        let facts = |exp| TokenFacts {
            issuer: String::new(),
            audiences: Vec::new(),
            tenant_id: String::new(),
            key_id: String::new(),
            expires_at: at(exp),
            not_before: None,
            issued_at: None,
        };
        cache.insert("a", facts(300), at(0), Duration::ZERO);
        cache.insert("b", facts(100), at(0), Duration::ZERO);
        cache.insert("c", facts(200), at(0), Duration::ZERO);
        assert_eq!(cache.len(), 2);
        assert!(cache.get("b").is_none(), "the first to expire goes");
        // Expired entries go first, whatever their order.
        cache.insert("d", facts(1000), at(250), Duration::ZERO);
        assert!(cache.get("c").is_none());
        assert!(cache.get("a").is_some() && cache.get("d").is_some());
        let mut off = VerifiedTokens::new(0);
        off.insert("a", facts(300), at(0), Duration::ZERO);
        assert_eq!(off.len(), 0);
    }
}
