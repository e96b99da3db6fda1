package org.issueledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    private final WebhookTargets inCompany = new WebhookTargets(true);
    private final WebhookTargets publicOnly = new WebhookTargets(false);

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "fe80::1", "100.100.100.200", "fd00:ec2::254",
            "0.0.0.0", "0.1.2.3", "::", "224.0.0.1", "ff02::1", "255.255.255.255",
            "::ffff:169.254.169.254", "::169.254.169.254"})
    void neverAReceiverWhateverTheSetting(String address) throws Exception {
        assertThat(inCompany.refusal(InetAddress.getByName(address))).as(address).isPresent();
        assertThat(publicOnly.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "100.64.0.1", "100.127.255.254", "fd12:3456::1", "::ffff:10.0.0.1"})
    void loopbackAndPrivateAddressesOnlyWhenAllowed(String address) throws Exception {
        assertThat(inCompany.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        assertThat(publicOnly.refusal(InetAddress.getByName(address))).as(address)
                .hasValueSatisfying(why -> assertThat(why).contains("allow-private-targets is false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "100.63.255.255", "2001:db8::1", "2606:4700::1111"})
    void publicAddressesAreReceivers(String address) throws Exception {
        assertThat(inCompany.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        assertThat(publicOnly.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }

    @Test
    void refusalNamesWhatTheAddressIs() throws Exception {
        assertThat(inCompany.refusal(InetAddress.getByName("169.254.169.254")))
                .hasValue("a link-local address (169.254.169.254)");
        assertThat(publicOnly.refusal(InetAddress.getByName("127.0.0.1")))
                .hasValue("a loopback address (127.0.0.1); issueledger.webhooks.allow-private-targets is false");
    }

    @Test
    void aUrlIsJudgedByItsAddressWhenItHasOneAndLeftToTheAttemptWhenItHasAName() {
        assertThat(inCompany.urlProblem(URI.create("http://169.254.169.254/latest/meta-data/")))
                .hasValue("must not point at a link-local address (169.254.169.254)");
        assertThat(inCompany.urlProblem(URI.create("http://[fe80::1]:8080/hook"))).isPresent();
        assertThat(inCompany.urlProblem(URI.create("https://[::ffff:a9fe:a9fe]/"))).isPresent();
        assertThat(publicOnly.urlProblem(URI.create("http://127.0.0.1:9000/hook"))).isPresent();
        assertThat(inCompany.urlProblem(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
        // A name is not resolved here: what it points at may change before the first delivery.
        assertThat(publicOnly.urlProblem(URI.create("http://localhost:9000/hook"))).isEmpty();
        assertThat(publicOnly.urlProblem(URI.create("https://hooks.example.com/x"))).isEmpty();
    }

    @Test
    void anAttemptIsJudgedByEveryAddressTheNameHasThen() {
        assertThat(publicOnly.sendProblem("localhost"))
                .hasValueSatisfying(why -> assertThat(why).startsWith("localhost resolves to a loopback address"));
        assertThat(inCompany.sendProblem("localhost")).isEmpty();
        assertThat(inCompany.sendProblem("169.254.169.254")).isPresent();
        // Unresolvable: the HTTP client fails the attempt and says so.
        assertThat(publicOnly.sendProblem("no-such-host.invalid")).isEmpty();
    }
}
