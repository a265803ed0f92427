package dev.bgplab.wire.capability;

import java.util.List;

/** ADD-PATH (RFC 7911 4): per family, whether the speaker can send, receive or both. */
public record AddPathCapability(List<Family> families) implements Capability {
    public enum Mode {
        RECEIVE(1), SEND(2), BOTH(3);
        private final int code;
        Mode(int code) { this.code = code; }
        public int code() { return code; }
        public boolean canSend() { return this != RECEIVE; }
        public boolean canReceive() { return this != SEND; }
        public static Mode of(int code) {
            for (Mode m : values()) if (m.code == code) return m;
            return null;
        }
    }

    public record Family(int afi, int safi, Mode mode) {}

    public AddPathCapability { families = List.copyOf(families); }

    @Override public int code() { return ADD_PATH; }
    @Override public String label() { return "add-path " + families; }
}
