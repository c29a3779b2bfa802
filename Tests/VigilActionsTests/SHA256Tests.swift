import Crypto
import Glibc
import Testing
@testable import VigilActions

/// The ledger's hex spelling of swift-crypto's SHA-256, checked against the
/// NIST FIPS 180-2 example vectors (and the empty string): a ledger written
/// before swift-crypto must still verify, so the spelling may never change.
@Suite struct SHA256Tests {
    @Test func abc() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func empty() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func twoBlockMessage448Bits() {
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func millionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sliceEqualsArray() {
        let bytes = Array("xabcx".utf8)
        #expect(SHA256.hex(bytes[1..<4]) == SHA256.hex("abc"))
    }
}

/// A ledger written by the hand-written SHA-256 that swift-crypto replaced
/// (decision 0008): its chain must still verify, and a changed byte must not.
@Suite struct LedgerWrittenBeforeSwiftCryptoTests {
    let path = repoRoot + "/Tests/VigilActionsTests/Support/ledger-before-swift-crypto.jsonl"

    @Test func stillVerifies() {
        let result = DecisionLedger.verify(path: path)
        #expect(result.ok, "\(result)")
        #expect(result.count == 2)
    }

    @Test func anEditedByteBreaksTheChain() throws {
        let fd = try Posix.open(path, O_RDONLY)
        defer { close(fd) }
        var bytes = try Posix.readAll(fd, path: path)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "2")))
        bytes[at] = UInt8(ascii: "3")
        #expect(!DecisionLedger.verify(bytes: bytes, path: path).ok)
    }
}
