import CNcursesw
import VigilUI

/// Turns what `get_wch` returns into a `Key`.
enum KeyDecoder {
    /// `status` is get_wch's result (OK or KEY_CODE_YES), `code` the value it read.
    static func decode(status: Int32, code: UInt32) -> Key? {
        if status == vigil_key_code_yes() {
            switch Int32(bitPattern: code) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_BTAB: return .backTab
            case vigil_key_resize(): return .resize
            default: return nil
            }
        }
        switch code {
        case 27: return .escape
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 3: return .ctrlC
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }
}
