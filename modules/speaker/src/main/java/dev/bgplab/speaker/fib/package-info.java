/**
 * The speaker's data plane: {@link dev.bgplab.speaker.fib.KernelFib} installs the Loc-RIB's best
 * paths (ECMP as multipath routes) into the kernel of the container the speaker runs in, so traffic
 * through a bgplab node goes where its RIB says. On in lab nodes (the lab sets {@code kernel-routes:
 * true}), off for a speaker on the host.
 */
package dev.bgplab.speaker.fib;
