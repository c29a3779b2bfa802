import Foundation
import VigilActions

enum LedgerCommandRunner {
    static func show(path: String, json: Bool) throws { unfinished("vigil ledger show") }
    static func verify(path: String) throws { unfinished("vigil ledger verify") }
}
