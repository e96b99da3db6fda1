package org.issueledger.command.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses the service may POST a webhook to: a guard against server-side request forgery. Whoever holds an
 * ADMIN key (or steals one) chooses the URL, and the request leaves from inside the network with the service's
 * reach: the cloud's instance metadata (credentials), the database's or the broker's admin ports.
 *
 * <p>Never a receiver: link-local addresses (169.254.0.0/16 holds the metadata service of most clouds; fe80::/10),
 * the known metadata addresses outside that range, "this host" (0.0.0.0/8, ::) and multicast or broadcast.
 * Loopback and private ranges are ordinary receivers inside a company (a service desk's tools mostly are), so they
 * are allowed unless the operator turns them off ({@code issueledger.webhooks.allow-private-targets=false}).
 *
 * <p>A URL whose host is an address is judged when the subscription is stored; a name is judged at every attempt,
 * on every address it resolves to then (names move). What stays open: a name whose DNS answer changes between this
 * check and the HTTP client's own lookup a moment later (DNS rebinding); JDK 17's client cannot be handed the
 * address checked here.
 */
final class WebhookTargets {

    /** Metadata services outside link-local: Alibaba Cloud (in carrier-grade NAT space), AWS over IPv6 (a ULA). */
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");
    /** Hosts that {@link InetAddress} reads as an address without asking DNS (dotted or plain decimal, IPv6 in []). */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[[0-9a-fA-F:.%a-zA-Z]+]");

    private final boolean allowPrivate;

    WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why a subscription may not have this URL (its host an address no webhook may reach); empty if it may. */
    Optional<String> urlProblem(URI url) {
        String host = url.getHost();
        if (host == null || !LITERAL.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            return refusal(InetAddress.getByName(host)).map(why -> "must not point at " + why);
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty(); // a name after all: judged when sent
        }
    }

    /**
     * Why no request may be sent to this host now, with every address it resolves to; empty if it may be. A host
     * that does not resolve is left to the HTTP client, which fails the attempt saying so.
     */
    Optional<String> sendProblem(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unresolved) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                return Optional.of(host + " resolves to " + refusal.get() + ": not sent");
            }
        }
        return Optional.empty();
    }

    /** Why this address is no receiver, as "a link-local address (169.254.169.254)"; empty if it is one. */
    Optional<String> refusal(InetAddress address) {
        InetAddress a = ipv4Inside(address);
        Kind kind = Kind.of(a);
        if (kind == null || kind.isPrivate && allowPrivate) {
            return Optional.empty();
        }
        return Optional.of(kind.text + " (" + a.getHostAddress() + ")"
                + (kind.isPrivate ? "; issueledger.webhooks.allow-private-targets is false" : ""));
    }

    private enum Kind {
        METADATA("a cloud metadata address", false),
        LINK_LOCAL("a link-local address", false),
        THIS_HOST("an address meaning this host", false),
        MULTICAST("a multicast or broadcast address", false),
        LOOPBACK("a loopback address", true),
        PRIVATE("a private address", true);

        final String text;
        final boolean isPrivate;

        Kind(String text, boolean isPrivate) {
            this.text = text;
            this.isPrivate = isPrivate;
        }

        /** null: a public address. */
        static Kind of(InetAddress a) {
            byte[] b = a.getAddress();
            boolean v4 = a instanceof Inet4Address;
            if (METADATA_ADDRESSES.contains(a.getHostAddress())) {
                return METADATA;
            }
            if (a.isLinkLocalAddress()) {
                return LINK_LOCAL;
            }
            if (a.isAnyLocalAddress() || v4 && b[0] == 0) {
                return THIS_HOST;
            }
            if (a.isMulticastAddress() || v4 && a.getHostAddress().equals("255.255.255.255")) {
                return MULTICAST;
            }
            if (a.isLoopbackAddress()) {
                return LOOPBACK;
            }
            if (a.isSiteLocalAddress()
                    || v4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 // 100.64.0.0/10, carrier-grade NAT
                    || !v4 && (b[0] & 0xfe) == 0xfc) { // fc00::/7, unique local
                return PRIVATE;
            }
            return null;
        }
    }

    /** ::a.b.c.d (IPv4-compatible) reaches the IPv4 host; Java already reads ::ffff:a.b.c.d as IPv4. */
    private static InetAddress ipv4Inside(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress() && !v6.isAnyLocalAddress()
                && !v6.isLoopbackAddress()) {
            byte[] b = v6.getAddress();
            try {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address;
    }
}
