/**
 * The {@code waas} command: {@link io.waas.cli.WaasCommand} and its subcommands {@code demo},
 * {@code keys}, {@code encrypt} and {@code decrypt}.
 */
@NullMarked
package io.waas.cli;

import org.jspecify.annotations.NullMarked;
