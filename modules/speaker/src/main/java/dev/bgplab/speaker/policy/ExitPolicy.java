package dev.bgplab.speaker.policy;

/** What a permit entry does after its sets (FRR "Exit Policy"): finish, {@code on-match next}, or {@code on-match goto N}. */
public sealed interface ExitPolicy {
    record Exit() implements ExitPolicy {}
    record Next() implements ExitPolicy {}
    record Goto(int seq) implements ExitPolicy {}

    ExitPolicy EXIT = new Exit();
    ExitPolicy NEXT = new Next();
}
