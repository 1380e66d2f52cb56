package nl.werkplaats.room;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson set-up for room state, events and commands. */
public final class DomainJson {
  /** Reads and writes everything, credentials included: for storage and the cluster. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(MapperFeature.DEFAULT_VIEW_INCLUSION)
      .build();

  /** Writes what clients may see: never the fields marked {@link Views.Internal}. */
  public static final ObjectWriter PUBLIC = MAPPER.writerWithView(Views.Public.class);

  private DomainJson() {}
}
