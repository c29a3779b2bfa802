#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C math library is pure; it is the only platform module the core uses.
@inline(__always) func log(_ x: Double) -> Double {
    #if canImport(Glibc)
    Glibc.log(x)
    #else
    Darwin.log(x)
    #endif
}

@inline(__always) func log2(_ x: Double) -> Double {
    #if canImport(Glibc)
    Glibc.log2(x)
    #else
    Darwin.log2(x)
    #endif
}

@inline(__always) func exp(_ x: Double) -> Double {
    #if canImport(Glibc)
    Glibc.exp(x)
    #else
    Darwin.exp(x)
    #endif
}
