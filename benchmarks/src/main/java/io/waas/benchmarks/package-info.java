/**
 * JMH benchmarks of the WaaS Security SDK. Every SDK operation {@code x} is measured beside a
 * method {@code rawX} that does the same job with the bare underlying library, on the same input
 * and in the same run, so the ratio SDK/raw shows what the SDK's own work costs.
 *
 * <p>Build with {@code ./mvnw -pl benchmarks -am package -DskipTests}, run with {@code java -jar
 * benchmarks/target/benchmarks.jar}. See {@code benchmarks/README.md}.
 */
@NullMarked
package io.waas.benchmarks;

import org.jspecify.annotations.NullMarked;
