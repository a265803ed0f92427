/**
 * Routing policy with FRR's semantics: prefix-lists, AS-path access lists, community lists,
 * route-maps, neighbor options, and the import/export pipelines that apply them to one route.
 *
 * <h2>For the integrator</h2>
 * <pre>{@code
 * PolicyConfig cfg = PolicyParser.parse("lab-configs/x/policy.frr", text, PolicyConfig.EMPTY);
 * cfg.undefinedReferences().forEach(log::warn);                 // FRR accepts these; tell the user
 * PeerContext from = new PeerContext(peerInfo, routerAsn, ourAddressOnSession, sharedSubnetOrNull, cfg);
 * PolicyResult in = ImportPolicy.apply(receivedRoute, from);     // accepted route or RejectReason, plus PolicyTrace
 * PolicyResult out = ExportPolicy.apply(bestRoute, toContext);   // per target peer
 * Explain.result(in).forEach(System.out::println);              // sentences for "explain"
 * }</pre>
 * {@link dev.bgplab.speaker.policy.PolicyConfig} is immutable: to change policy, parse or build a new
 * one, swap it into the sessions' contexts and soft-reset them. Everything here is pure and may run
 * on any thread, except {@link dev.bgplab.speaker.policy.MaximumPrefix.Counter}, owned by its session.
 *
 * <h2>Text accepted by {@link dev.bgplab.speaker.policy.PolicyParser}</h2>
 * <pre>
 * ip|ipv6 prefix-list NAME [seq N] permit|deny PREFIX|any [ge N] [le N]
 * bgp as-path access-list NAME [seq N] permit|deny REGEX          (also: ip as-path access-list)
 * bgp community-list standard|expanded NAME [seq N] permit|deny AA:NN...|REGEX
 * bgp extcommunity-list standard|expanded NAME [seq N] permit|deny rt|soo ASN:NN...|REGEX
 * bgp large-community-list standard|expanded NAME [seq N] permit|deny G:L1:L2...|REGEX
 * route-map NAME permit|deny SEQ
 *  match ip|ipv6 address prefix-list NAME | as-path NAME | community NAME [exact-match]
 *  match extcommunity NAME | large-community NAME [exact-match] | ip next-hop prefix-list NAME
 *  match ip next-hop address A | peer A | origin igp|egp|incomplete | local-preference N | metric N
 *  set local-preference [+|-]N | weight N | metric [+|-]N | origin ... | ip next-hop A|peer-address|unchanged
 *  set community C...|none [additive] | comm-list NAME delete | large-community L...|none [additive]
 *  set large-comm-list NAME delete | extcommunity rt RT...
 *  set as-path prepend ASN...|last-as 1-10 | exclude ASN...|all|as-path-access-list NAME
 *  set as-path replace any|ASN|as-path-access-list NAME [ASN]
 *  call NAME | on-match next | on-match goto N | continue [N]
 * [no] bgp ebgp-requires-policy | bgp default local-preference N
 * [no] neighbor A route-map|prefix-list|filter-list NAME in|out | allowas-in [1-10|origin] | as-override
 * [no] neighbor A remove-private-AS [all] [replace-AS] | local-as ASN [no-prepend [replace-as]]
 * [no] neighbor A enforce-first-as | route-server-client | next-hop-self [force] | solo
 * [no] neighbor A attribute-unchanged [as-path] [next-hop] [med] | sender-as-path-loop-detection
 * [no] neighbor A send-community [standard|extended|large|both|all] | default-originate | weight N
 * [no] neighbor A maximum-prefix N [THRESHOLD] [restart MINUTES|warning-only]
 * </pre>
 * Non-policy lines of an FRR configuration (remote-as, timers, ...) are skipped.
 */
package dev.bgplab.speaker.policy;
