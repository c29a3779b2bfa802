import VigilCore

/// The words for the core's facts, in one place for every reader: the
/// dashboard (VigilUI), the exporters (headless JSON, backtest report,
/// post-mortem) and the ledger. The core emits values; a sentence a person
/// reads is written here, so two outputs never word the same fact apart.
public enum Wording {}
