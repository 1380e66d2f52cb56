package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonValue;

/** The fixed list of error codes a client can receive. Documented in docs/protocol.md. */
public enum ErrorCode {
  BAD_JSON("bad_json"),
  UNKNOWN_TYPE("unknown_type"),
  INVALID_MESSAGE("invalid_message"),
  TOO_LARGE("too_large"),
  TEXT_TOO_LONG("text_too_long"),
  TEXT_OP_INVALID("text_op_invalid"),
  TEXT_REVISION_GONE("text_revision_gone"),
  NOT_AUTHENTICATED("not_authenticated"),
  FORBIDDEN("forbidden"),
  WRONG_ROOM("wrong_room"),
  RATE_LIMITED("rate_limited"),
  ROOM_NOT_FOUND("room_not_found"),
  NOT_FOUND("not_found"),
  NOT_STARTED("not_started"),
  STEP_NOT_OPEN("step_not_open"),
  WRONG_STEP_TYPE("wrong_step_type"),
  LOCKED("locked"),
  PAUSED("paused"),
  ENDED("ended"),
  INVALID_VALUE("invalid_value"),
  LIMIT_REACHED("limit_reached"),
  INVALID_TRANSITION("invalid_transition"),
  STEP_CHANGED("step_changed"),
  READ_ONLY("read_only"),
  ORGANISATION_NOT_IN_ROOM("organisation_not_in_room"),
  STALE_VERSION("stale_version"),
  INVALID_GROUP_SIZE("invalid_group_size"),
  UNAVAILABLE("unavailable"),
  INTERNAL("internal"),
  PRE_WORK_NOT_OPEN("pre_work_not_open"),
  NOT_IN_GROUP("not_in_group"),
  INVALID_GROUP_COUNT("invalid_group_count");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
