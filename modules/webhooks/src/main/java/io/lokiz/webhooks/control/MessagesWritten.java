package io.lokiz.webhooks.control;

/** A CDI event inside this module: deliveries were written; once they commit, this node sends them at once. */
public record MessagesWritten(int deliveries) {
}
