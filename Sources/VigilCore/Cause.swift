/// Why a proposal exists: the deployment, the change blamed for the failure
/// and the kind of failure. Proposals are opened, merged and muted per cause,
/// not per deployment, so a false alarm (or a rejected one) never absorbs a
/// later failure that has another reason (docs/policy.md, "Proposals per
/// cause"; docs/decisions/0023-proposals-per-cause.md).
///
/// Two signals share a cause when they fail in the same deployment, after
/// the same change, in the same failure mode: errors and latency after a bad
/// config are one problem with two symptoms and get one proposal listing
/// both; an accuracy drop after the same change is another failure mode, and
/// a failure with no change to blame is another cause again.
public struct Cause: Hashable, Sendable {
    /// A change blamed for a failure: the flag and the variant it moved to.
    /// The weight is left out, so the steps of one canary ramp (10%, 50%,
    /// 100% of the same variant) are the same change.
    public struct Change: Hashable, Sendable {
        public var flag: String
        public var variant: String
        public init(flag: String, variant: String) { self.flag = flag; self.variant = variant }
    }

    public var group: String
    /// Nil when no change is blamed (none recent, or the mode never blames one).
    public var change: Change?
    public var mode: FailureMode

    public init(group: String, change: Change?, mode: FailureMode) {
        self.group = group; self.change = change; self.mode = mode
    }
}
