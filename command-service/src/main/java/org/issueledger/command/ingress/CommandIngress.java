package org.issueledger.command.ingress;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issueledger.command.relay.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code issue-commands} on a thread of its own, started and stopped with the application, and answers
 * each record on {@code issue-command-results} (key = correlation id) through {@link IngressHandler}.
 *
 * <p>Offsets are committed only after the results of the records before them were acknowledged by the broker.
 * A failure anywhere (broker gone, database gone) drops the consumer without committing and starts a new one after
 * a back-off: the records since the last commit come again, and idempotency (an explicit key, or the record's own
 * coordinates) makes each of them append nothing the second time while its result is sent again.
 */
@Component
class CommandIngress implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandIngress.class);

    private final IngressHandler handler;
    private final IngressSettings settings;
    private final Admin admin;
    private final KafkaClients clients;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, String> consumer;

    CommandIngress(IngressHandler handler, IngressSettings settings, Admin admin, KafkaClients clients) {
        this.handler = handler;
        this.settings = settings;
        this.admin = admin;
        this.clients = clients;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("Kafka command ingress is off (issueledger.ingress.enabled=false)");
            return;
        }
        running = true;
        Thread worker = new Thread(this::run, "command-ingress");
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread worker = thread;
        thread = null;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** After the web server and Axon's processors (commands must be handled), before the deadline timer. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2_000;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (Producer<String, String> producer = newProducer();
                 KafkaConsumer<String, String> kafka = newConsumer()) {
                createTopicsIfMissing();
                consumer = kafka;
                kafka.subscribe(List.of(settings.topic()));
                log.info("Kafka command ingress consuming {} (group {}), answering on {}", settings.topic(),
                        settings.groupId(), settings.resultsTopic());
                while (running) {
                    ConsumerRecords<String, String> records = kafka.poll(settings.pollTimeout());
                    if (!records.isEmpty()) {
                        answer(records, producer, kafka);
                    }
                    backoff = Duration.ofMillis(500);
                }
            } catch (WakeupException stopping) {
                // stop() woke the consumer: leave without committing what was not answered
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                log.warn("Kafka command ingress failed; reconnecting in {} (records since the last commit come again,"
                        + " idempotency keeps them from applying twice)", backoff, e);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    /** Handles the batch in order, waits for every result's acknowledgement, then commits the batch's offsets. */
    private void answer(ConsumerRecords<String, String> records, Producer<String, String> producer,
                        KafkaConsumer<String, String> kafka) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (!running) {
                break;
            }
            IngressHandler.Result result = handler.handle(record);
            producer.send(new ProducerRecord<>(settings.resultsTopic(), result.key(), result.value()))
                    .get(30, TimeUnit.SECONDS);
            done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        if (!done.isEmpty()) {
            kafka.commitSync(done);
        }
    }

    private void createTopicsIfMissing() throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        for (String topic : List.of(settings.topic(), settings.resultsTopic())) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, settings.partitions(), settings.replicationFactor())))
                        .all().get(10, TimeUnit.SECONDS);
                log.info("Created topic {} with {} partitions", topic, settings.partitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private KafkaConsumer<String, String> newConsumer() {
        return new KafkaConsumer<>(clients.properties(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "issueledger-command-ingress",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A new group starts at the beginning: a command sent before the first start is still handled.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new StringDeserializer());
    }

    /** As the relay's: idempotent, acks=all, a short max.block so a missing broker fails the attempt quickly. */
    private Producer<String, String> newProducer() {
        return clients.producer("issueledger-command-results", settings.bootstrapServers());
    }
}
