import Foundation

/// The package's root folder (where `Package.swift` is), from this file's
/// compile-time path: tests and the bench find fixtures and the git checkout
/// through it.
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A new, empty folder under the system's temporary directory, named after
/// `tag` so a leftover one says which test made it.
public func temporaryDirectory(_ tag: String) -> String {
    let dir = NSTemporaryDirectory() + "vigil-\(tag)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
