/// Which address family a host name may resolve to (libcurl's CURLOPT_IPRESOLVE).
public enum IPVersion: Sendable, Hashable {
    /// Whatever the resolver returns; libcurl races IPv6 and IPv4 ("happy eyeballs").
    case any
    /// IPv4 addresses only.
    case v4
    /// IPv6 addresses only.
    case v6
}
