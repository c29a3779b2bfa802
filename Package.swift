// swift-tools-version: 6.1
// Vigil: a terminal governance dashboard for AI model, prompt and agent rollouts.
//
// The targets show the architecture; every arrow points toward VigilCore:
//
//   vigil (CLI) ──► VigilApp ──► VigilIngest ──► VigilCore
//        │                └───► VigilActions ──► VigilCore
//        └──► VigilTerminal ──► VigilUI ───────► VigilCore
//                  └──────────► CNcursesw (the only ncurses code)
//
// VigilCore is pure: no Foundation, no Dispatch, no I/O, no clock.
import PackageDescription

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .executable(name: "vigil-bench", targets: ["vigil-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure, deterministic governance core: event time only, no I/O.
        .target(name: "VigilCore"),
        // Metric formats and file tailing (Dispatch, inotify). Feeds the core.
        .target(name: "VigilIngest", dependencies: ["VigilCore"]),
        // Decision ledger, flagd flag-file actions, command hooks.
        .target(name: "VigilActions", dependencies: ["VigilCore"]),
        // Cell canvas, widgets and screens: state -> cells, no terminal I/O.
        .target(name: "VigilUI", dependencies: ["VigilCore"]),
        // System library for ncursesw; only VigilTerminal imports it.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The one ncurses backend: copies the canvas to the screen, reads keys.
        .target(name: "VigilTerminal", dependencies: ["VigilUI", "CNcursesw"]),
        // Runtime wiring: policy files, the serial engine that owns the core,
        // replay clocks, decisions to ledger to action.
        .target(name: "VigilApp", dependencies: [
            "VigilCore", "VigilIngest", "VigilActions",
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilApp", "VigilUI", "VigilTerminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What tests and benchmarks share: the seeded generator their data
        // comes from, the package root, temporary folders.
        .target(name: "VigilTestSupport"),
        .executableTarget(name: "vigil-bench", dependencies: [
            "VigilApp", "VigilIngest", "VigilCore", "VigilUI", "VigilTestSupport",
        ]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilIngestTests", dependencies: ["VigilIngest", "VigilTestSupport"]),
        .testTarget(name: "VigilActionsTests", dependencies: ["VigilActions", "VigilTestSupport"], exclude: ["Support"]),
        .testTarget(name: "VigilUITests", dependencies: ["VigilUI"]),
        .testTarget(name: "VigilTerminalTests", dependencies: ["VigilTerminal", "VigilUI"]),
        .testTarget(name: "VigilAppTests", dependencies: ["VigilApp", "VigilTestSupport"]),
        .testTarget(name: "VigilEndToEndTests", dependencies: ["VigilTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
