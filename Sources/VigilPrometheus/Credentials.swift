import Foundation

extension SecretSource {
    /// The secret's value, read now (a rotated file is picked up at the next
    /// request). Control characters are refused: a value with a line break
    /// would otherwise smuggle a header into the request.
    func read(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<String, PrometheusError> {
        let value: String
        switch self {
        case .environment(let name):
            guard let v = environment[name], !v.isEmpty else {
                return .failure(.credentials("environment variable \(name) is not set"))
            }
            value = v
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(.credentials("cannot read \(path)"))
            }
            guard data.count <= 16 << 10 else { return .failure(.credentials("\(path) is larger than 16 KiB")) }
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure(.credentials("\(path) is not UTF-8 text"))
            }
            value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return .failure(.credentials("\(path) is empty")) }
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return .failure(.credentials("the secret contains a control character"))
        }
        return .success(value)
    }
}

extension PrometheusAuth {
    /// The `Authorization` header's value; nil without authentication.
    func header(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<String?, PrometheusError> {
        switch self {
        case .none: return .success(nil)
        case .bearer(let secret): return secret.read(environment: environment).map { "Bearer \($0)" }
        case .basic(let user, let secret):
            return secret.read(environment: environment).map {
                "Basic " + Data("\(user):\($0)".utf8).base64EncodedString()
            }
        }
    }
}
