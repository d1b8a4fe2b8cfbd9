#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time from the monotonic clock, in seconds.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// CPU time (user plus system) the process has used so far, in seconds.
///
/// Reported beside wall time because the machines these run on are often shared: a run that was
/// preempted shows a wall time longer than its CPU time.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The process's peak resident set size so far, in mebibytes (getrusage's high-water mark).
func peakResidentMebibytes() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    #if canImport(Darwin)
    return Double(usage.ru_maxrss) / 1_048_576  // bytes on Darwin
    #else
    return Double(usage.ru_maxrss) / 1_024  // kibibytes on Linux
    #endif
}

/// One line of a results table.
struct Result {
    var name: String
    var events: Int
    var seconds: Double
    var cpuSeconds: Double
    var peakMebibytes: Double
    /// Anything else worth a column, e.g. the simulated time reached.
    var note: String

    /// Events per second of wall time.
    var eventsPerSecond: Double { Double(events) / seconds }
}

/// Prints results as a fixed-width table, one row per result.
func printTable(_ results: [Result], eventName: String) {
    let header = [("benchmark", 34), (eventName, 12), ("wall (s)", 9), ("cpu (s)", 9), ("\(eventName)/s wall", 19), ("/s cpu", 10),
                  ("peak RSS (MiB)", 15), ("", 0)]
    print(header.map { pad($0.0, $0.1) }.joined(separator: " "))
    for result in results {
        let cells = [
            pad(result.name, 34),
            pad(String(result.events), 12),
            pad(fixed(result.seconds, 3), 9),
            pad(fixed(result.cpuSeconds, 3), 9),
            pad(rate(result.eventsPerSecond), 19),
            pad(rate(Double(result.events) / result.cpuSeconds), 10),
            pad(fixed(result.peakMebibytes, 1), 15),
            result.note,
        ]
        print(cells.joined(separator: " "))
    }
}

/// A rate in millions (`12.46 M`) or, below a million, thousands (`10.7 K`).
private func rate(_ perSecond: Double) -> String {
    perSecond >= 1e6 ? fixed(perSecond / 1e6, 2) + " M" : fixed(perSecond / 1e3, 1) + " K"
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// `value` with `decimals` digits after the point, without Foundation's formatter.
func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(abs(scaled) - abs(Double(whole)) * scale)
    guard decimals > 0 else { return String(whole) }
    let digits = String(fraction)
    return "\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
}
