/**
 * Routes as a node shows them, whichever daemon runs it: {@link dev.bgplab.lab.route.ObservedRoute}
 * is the one shape that FRR's vtysh JSON, bgplab's API, the kernel table and the BIRD, GoBGP and
 * ExaBGP interop peers are all read into, so reports, convergence checks and interop tests compare
 * like with like.
 */
package dev.bgplab.lab.route;
