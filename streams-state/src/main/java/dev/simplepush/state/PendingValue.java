package dev.simplepush.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A value of the {@code pending} store. Rows are {@link PendingVersion}s keyed {@code uaid/chid};
 * a value keyed by a bare uaid is a {@link PendingUpdates} map written by an older version, which
 * is read once and replaced by rows. The two are told apart by their fields, so neither carries a
 * type name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(PendingVersion.class), @JsonSubTypes.Type(PendingUpdates.class)})
sealed interface PendingValue permits PendingVersion, PendingUpdates {
}
