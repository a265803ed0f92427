package dev.bgplab.lab.topology;

/**
 * What a {@code kind: linux} node is to the lab, decided from its labels and image:
 * {@code bgplab.config} label or a {@code bgplab/speaker} image: a bgplab speaker; an image
 * named {@code frr} (frrouting/frr, bgplab/frr): an FRR router; {@code bgplab.role: vm} or any
 * other image: a plain host whose kernel routing table is read.
 */
public enum NodeRole {
    BGPLAB, FRR, VM
}
