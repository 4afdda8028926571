//! Where the calls' states live: [`FlowStore`], a [`CallStore`] of
//! [`CallFlow`] with the counters `/stats` shows.

use crate::flow::CallFlow;
use graph_comms_dtmf::{CallStore, MemoryStore};
use graph_comms_dtmf_redis::RedisStore;

/// A store of the calls' [`CallFlow`]s that the bot can run on.
pub trait FlowStore: CallStore<CallFlow> + 'static {
    /// How many updates ran again after losing a conflict to another
    /// worker (0 for a store without conflicts).
    fn conflicts_retried(&self) -> u64 {
        0
    }
}

/// One process: no conflicts.
impl FlowStore for MemoryStore<CallFlow> {}

/// A fleet: updates that lost a compare-and-set to another worker's update
/// of the same call and ran again.
impl FlowStore for RedisStore {
    fn conflicts_retried(&self) -> u64 {
        self.stats().conflicts
    }
}
