package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;

/**
 * What the adapter reports about upgrades and sessions (to metrics). Implementations are
 * thread-safe and never throw.
 */
interface GateEvents {
  /** Reports nothing. */
  GateEvents NONE =
      new GateEvents() {
        @Override
        public void answered(Decision decision) {}

        @Override
        public void opened(String tenant) {}

        @Override
        public void closed(String tenant, int code, boolean byClient) {}
      };

  /** An upgrade was answered: accepted (101) or refused with the decision's refusal. */
  void answered(Decision decision);

  /** An accepted connection of {@code tenant} opened. */
  void opened(String tenant);

  /** An accepted connection of {@code tenant} closed with {@code code}. */
  void closed(String tenant, int code, boolean byClient);
}
