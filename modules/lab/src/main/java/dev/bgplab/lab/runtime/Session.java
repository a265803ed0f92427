package dev.bgplab.lab.runtime;

/** One BGP session of a node as the node reports it: the peer's name (or address), address and FSM state. */
public record Session(String peer, String address, String state) {

    public boolean established() {
        return "Established".equalsIgnoreCase(state);
    }
}
