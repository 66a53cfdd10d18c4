/**
 * The {@code firebase} provider: Firebase Authentication (and Identity Platform) ID tokens,
 * verified by firebase-admin's {@code FirebaseAuth.verifyIdToken}, with wsgate's stricter checks on
 * top (configured clock skew, {@code auth_time} not in the future, the token's {@code kid} must
 * name a certificate Google currently publishes, bounded certificate fetches). Only {@link
 * dev.wsgate.provider.firebase.FirebaseVerifierProvider} is public; it is found through {@link
 * java.util.ServiceLoader}.
 */
@NullMarked
package dev.wsgate.provider.firebase;

import org.jspecify.annotations.NullMarked;
