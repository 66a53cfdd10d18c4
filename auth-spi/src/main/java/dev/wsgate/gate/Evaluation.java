package dev.wsgate.gate;

/**
 * What {@link HandshakeGate#begin} found for one request: a final {@link Decision}, or a {@link
 * PendingVerification} when the answer waits on a verifier that may block. An adapter switches on
 * it once: a decision is written at once, a pending verification is completed on the adapter's
 * executor and its decision written when it arrives.
 */
public sealed interface Evaluation permits Decision, PendingVerification {}
