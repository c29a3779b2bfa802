// swift-tools-version: 6.1
// Vigil: a terminal governance dashboard for AI model, prompt and agent rollouts.
//
// The targets show the architecture; every arrow points toward VigilCore:
//
//   vigil (CLI) ──► VigilApp ──► VigilIngest ──► VigilCore
//        │             ├─────► VigilPrometheus ──► VigilIngest
//        │             ├─────► VigilActions ──► VigilCore
//        │             └─────► VigilUI ───────► VigilCore
//        └──► VigilTerminal ──► VigilUI
//                  └──────────► CNcursesw (the only ncurses code)
//
// VigilPrometheus is the only target that speaks HTTP (AsyncHTTPClient,
// decision 0024); `vigil` uses it for `record`'s options.
//
// Ingest, Prometheus, Actions, App and Terminal also use VigilSystem (the lock,
// the process spawner, the JSON reader and writer), which depends on nothing
// of ours; VigilCore never uses it.
//
// VigilUI, VigilApp and VigilActions word the core's facts through
// VigilWording ──► VigilCore (decision 0011).
//
// VigilCore is pure: no Foundation, no Dispatch, no I/O, no clock.
//
// Linux only: the I/O targets use Glibc and Linux interfaces (inotify,
// SOCK_CLOEXEC, MSG_NOSIGNAL) and only Linux builds are checked, so no
// Apple platform is declared.
import PackageDescription

let package = Package(
    name: "vigil",
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .executable(name: "vigil-bench", targets: ["vigil-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The HTTP client of the Prometheus source (decision 0024).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Pure, deterministic governance core: event time only, no I/O.
        .target(name: "VigilCore"),
        // Infrastructure the outer targets share: the lock, the process
        // spawner, the JSON reader and writer. Foundation-free; never used by
        // VigilCore.
        .target(name: "VigilSystem"),
        // Metric formats and file tailing (Dispatch, inotify). Feeds the core.
        .target(name: "VigilIngest", dependencies: ["VigilCore", "VigilSystem"]),
        // The Prometheus HTTP API as a source: queries, polling, `record`.
        // The only target that speaks HTTP (AsyncHTTPClient, decision 0024).
        .target(name: "VigilPrometheus", dependencies: [
            "VigilCore", "VigilIngest", "VigilSystem",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The words for the core's facts, shared by the dashboard, the
        // exporters and the ledger. Pure, like the core.
        .target(name: "VigilWording", dependencies: ["VigilCore"]),
        // Decision ledger, flagd flag-file actions, command hooks.
        .target(name: "VigilActions", dependencies: [
            "VigilCore", "VigilSystem", "VigilWording",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Cell canvas, widgets and screens: state -> cells, no terminal I/O.
        // Theme files are YAML, read with Yams (docs/architecture.md says why
        // here and not in VigilApp).
        .target(name: "VigilUI", dependencies: [
            "VigilCore", "VigilWording", .product(name: "Yams", package: "Yams"),
        ]),
        // System library for ncursesw; only VigilTerminal imports it.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The one ncurses backend: copies the canvas to the screen, reads keys.
        .target(name: "VigilTerminal", dependencies: ["VigilUI", "VigilSystem", "CNcursesw"]),
        // The runtime: one session for live, replay and headless (engine,
        // input, decision desk, recorder, dashboard models), policy files,
        // replay clocks, decisions to ledger to action, backtests.
        .target(name: "VigilApp", dependencies: [
            "VigilCore", "VigilWording", "VigilIngest", "VigilPrometheus", "VigilActions", "VigilUI", "VigilSystem",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Parses arguments and wires a session to the terminal; nothing more.
        .executableTarget(name: "vigil", dependencies: [
            "VigilApp", "VigilCore", "VigilIngest", "VigilPrometheus", "VigilTerminal", "VigilUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What tests and benchmarks share: the seeded generator their data
        // comes from, the package root, temporary folders.
        .target(name: "VigilTestSupport", dependencies: ["VigilSystem"]),
        .executableTarget(name: "vigil-bench", dependencies: [
            "VigilApp", "VigilIngest", "VigilPrometheus", "VigilCore", "VigilUI", "VigilWording", "VigilSystem", "VigilTestSupport",
        ]),
        .testTarget(name: "VigilSystemTests", dependencies: ["VigilSystem"]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilWordingTests", dependencies: ["VigilWording"]),
        .testTarget(name: "VigilIngestTests", dependencies: ["VigilIngest", "VigilSystem", "VigilTestSupport"]),
        .testTarget(name: "VigilActionsTests", dependencies: [
            "VigilActions", "VigilSystem", "VigilTestSupport", .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["Support"]),
        .testTarget(name: "VigilPrometheusTests", dependencies: [
            "VigilPrometheus", "VigilIngest", "VigilCore", "VigilSystem", "VigilTestSupport",
        ]),
        .testTarget(name: "VigilUITests", dependencies: ["VigilUI", "VigilWording"]),
        .testTarget(name: "VigilTerminalTests", dependencies: ["VigilTerminal", "VigilUI"]),
        .testTarget(name: "VigilAppTests", dependencies: [
            "VigilApp", "VigilCore", "VigilIngest", "VigilPrometheus", "VigilActions", "VigilUI", "VigilSystem", "VigilTestSupport",
        ]),
        .testTarget(name: "VigilEndToEndTests", dependencies: ["VigilSystem", "VigilTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses, built and run by `fuzz/run` (docs/fuzzing.md). They
// exist only when VIGIL_FUZZ=1: the target has no main (libFuzzer supplies
// it when linked with -sanitize=fuzzer), so a plain `swift build` must
// never see it.
if Context.environment["VIGIL_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "vigil-fuzz",
        dependencies: ["VigilCore", "VigilIngest", "VigilActions", "VigilUI", "VigilApp"],
        path: "fuzz/Harnesses"
    ))
}
