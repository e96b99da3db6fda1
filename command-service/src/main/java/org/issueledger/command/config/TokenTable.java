package org.issueledger.command.config;

import java.time.Duration;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;

/**
 * The processors' tokens in {@code token_entry} (V1): one definition of its columns and claim rules for the service's
 * token store and for the relay's, which reaches the same rows through connections of its own.
 */
public final class TokenTable {

    private TokenTable() {
    }

    /**
     * @param claimTimeout a claim not refreshed for this long is taken over by another instance: with several
     *                     command-services, this (plus the processors' token-claim-interval) is how long the relay
     *                     stands still after its holder dies
     */
    public static TokenStore store(ConnectionProvider connections, Serializer serializer, Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .claimTimeout(claimTimeout)
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("time_stamp")
                        .setOwnerColumn("owner")
                        .build())
                .contentType(byte[].class)
                .build();
    }
}
