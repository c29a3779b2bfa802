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

/// A mouse event as the terminal reported it, by cell.
struct MouseEvent: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    var kind: Kind
    var x: Int
    var y: Int

    init(kind: Kind, x: Int, y: Int) {
        self.kind = kind; self.x = x; self.y = y
    }

    /// From the shim's code (1 click, 2 double click, 3 wheel up, 4 wheel
    /// down); nil for anything else (other buttons, releases).
    init?(code: Int32, x: Int, y: Int) {
        switch code {
        case 1: kind = .click
        case 2: kind = .doubleClick
        case 3: kind = .wheelUp
        case 4: kind = .wheelDown
        default: return nil
        }
        self.x = x; self.y = y
    }

    /// Rows one wheel notch moves.
    static let wheelRows = 3

    /// The key the reducer gets, given the frame on screen: a click on a
    /// row that frame marked, or the wheel; nil for a click on nothing.
    func key(on frame: Canvas?) -> Key? {
        switch kind {
        case .wheelUp: return .wheel(-Self.wheelRows)
        case .wheelDown: return .wheel(Self.wheelRows)
        case .click, .doubleClick:
            guard let target = frame?.target(x: x, y: y) else { return nil }
            return .click(target, open: kind == .doubleClick)
        }
    }
}
