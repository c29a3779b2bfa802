import VigilUI

/// What a terminal read: a character, or a function key by the backend's
/// own code (for ncurses, `get_wch` returning KEY_CODE_YES).
enum RawKey: Hashable, Sendable {
    case character(UInt32)
    case function(Int32)
}

/// Turns what the terminal read into a `Key`.
///
/// Control characters are the same on every terminal; function key codes
/// are the backend's, so the backend hands in its table.
struct KeyDecoder: Sendable {
    let functionKeys: [Int32: Key]

    func decode(_ raw: RawKey) -> Key? {
        switch raw {
        case .function(let code): return functionKeys[code]
        case .character(let code): return KeyDecoder.character(code)
        }
    }

    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 27: return .escape
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 3: return .ctrlC
        case 21: return .ctrlU
        case 23: return .ctrlW
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }
}
