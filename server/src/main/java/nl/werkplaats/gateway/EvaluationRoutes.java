package nl.werkplaats.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import nl.werkplaats.account.Organiser;
import nl.werkplaats.account.OrganiserAuth;
import nl.werkplaats.project.Project;
import nl.werkplaats.project.ProjectAccess;
import nl.werkplaats.project.ProjectStore;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.SessionFigures;
import nl.werkplaats.summary.Summary;
import nl.werkplaats.summary.SummaryService;

/**
 * The organiser's view over time (docs/api.md, "Evaluation over time"): per template the marks of every
 * ended session, the marks per partner organisation, and the instrument compared across sessions. All from
 * the newest frozen summary of each session; of the sessions the caller manages (the organiser key: all of
 * them; a signed-in organiser: their own and those shared with them); no names and no figure of fewer than
 * {@link SessionFigures#K} people. Each route takes an optional {@code roomIds} (a project's sessions) and
 * {@code organisation} filter.
 */
public final class EvaluationRoutes {
  /** The most sessions one answer covers: the newest. */
  static final int MAX_SESSIONS = 500;
  static final int MAX_ROOM_IDS = 200;
  /** The group of the sessions that belong to no project. */
  static final String WITHOUT_PROJECT = "Zonder project";
  private static final Pattern ROOM_ID = Pattern.compile("r-[A-Za-z0-9_-]{1,64}");

  private final Vertx vertx;
  private final Store store;
  private final SummaryService summaries;
  private final OrganiserAuth auth;
  private final ProjectStore projects;

  private EvaluationRoutes(Vertx vertx, Store store, SummaryService summaries, OrganiserAuth auth, ProjectStore projects) {
    this.vertx = vertx;
    this.store = store;
    this.summaries = summaries;
    this.auth = auth;
    this.projects = projects;
  }

  /** Without projects: every session is "without project". */
  public static void mount(Router router, Vertx vertx, Store store, SummaryService summaries, OrganiserAuth auth) {
    mount(router, vertx, store, summaries, auth, null);
  }

  /** {@code projects} may be null (a store without projects): then all sessions are "without project". */
  public static void mount(Router router, Vertx vertx, Store store, SummaryService summaries, OrganiserAuth auth,
      ProjectStore projects) {
    EvaluationRoutes r = new EvaluationRoutes(vertx, store, summaries, auth, projects);
    router.get("/api/evaluations").handler(auth.required()).handler(r::marks);
    router.get("/api/evaluations/organisations").handler(auth.required()).handler(r::organisations);
    router.get("/api/evaluations/comparison").handler(auth.required()).handler(r::comparison);
  }

  /** One session's newest frozen summary and when the session ended. */
  private record Session(Summary summary, long endedAt) {}

  private record Query(String templateId, Set<String> roomIds, String organisation, boolean byProject) {}

  private void marks(RoutingContext ctx) {
    answer(ctx, (q, sessions) -> {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      sessions.forEach(s -> out.add(SessionFigures.marks(s.summary(), s.endedAt())));
      return out.toString();
    });
  }

  private void organisations(RoutingContext ctx) {
    answer(ctx, (q, sessions) -> {
      ArrayNode out = SessionFigures.byOrganisation(sessions.stream().map(Session::summary).toList());
      if (q.organisation() != null) { // only the partner asked for, not the others it met
        ArrayNode only = JsonNodeFactory.instance.arrayNode();
        out.forEach(o -> {
          if (o.path("organisation").asText().equalsIgnoreCase(q.organisation())) {
            only.add(o);
          }
        });
        return only.toString();
      }
      return out.toString();
    });
  }

  private void comparison(RoutingContext ctx) {
    Organiser who = OrganiserAuth.of(ctx);
    answer(ctx, (q, sessions) -> q.byProject()
        ? SessionFigures.byGroup(q.templateId(), byProject(who, sessions)).toString()
        : SessionFigures.comparison(q.templateId(), sessions.stream().map(Session::summary).toList(),
            sessions.stream().map(Session::endedAt).toList()).toString());
  }

  /**
   * The sessions by project, in the order of the projects' first session, the sessions in no project last as
   * "Zonder project". A session of a project the caller may not manage is left out.
   */
  private List<SessionFigures.Group> byProject(Organiser who, List<Session> sessions) {
    ProjectAccess.Caller caller = who.administrator() ? ProjectAccess.Caller.ORGANISER_KEY
        : new ProjectAccess.Caller(who.id(), false);
    Map<String, String> projectOf = projects == null ? Map.of() : projects.projectOfEveryRoom();
    Map<String, Project> found = new HashMap<>();
    Map<String, List<Summary>> groups = new LinkedHashMap<>();
    List<Summary> none = new ArrayList<>();
    for (Session s : sessions) {
      Optional<Project> p = Optional.ofNullable(projectOf.get(s.summary().roomId()))
          .map(id -> found.computeIfAbsent(id, i -> projects.find(i).orElse(null)));
      if (p.isEmpty()) {
        none.add(s.summary());
      } else if (ProjectAccess.SHARED.mayManage(caller, p.get())) {
        groups.computeIfAbsent(p.get().id(), i -> new ArrayList<>()).add(s.summary());
      }
    }
    List<SessionFigures.Group> out = new ArrayList<>();
    groups.forEach((id, list) -> out.add(new SessionFigures.Group(id, found.get(id).title(), list)));
    if (!none.isEmpty()) {
      out.add(new SessionFigures.Group(null, WITHOUT_PROJECT, none));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ plumbing

  @FunctionalInterface
  private interface Answer {
    String of(Query query, List<Session> sessions);
  }

  private void answer(RoutingContext ctx, Answer answer) {
    ctx.request().resume();
    Organiser who = OrganiserAuth.of(ctx);
    Query query;
    try {
      query = query(ctx);
    } catch (IllegalArgumentException e) {
      HttpGuards.refuse(ctx, 400, "invalid", e.getMessage());
      return;
    }
    Future<String> body = vertx.executeBlocking(() -> answer.of(query, sessions(who, query)), false);
    body.onSuccess(json -> ctx.response().setStatusCode(200)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(json))
        .onFailure(e -> {
          java.util.logging.Logger.getLogger(EvaluationRoutes.class.getName())
              .log(java.util.logging.Level.SEVERE, "evaluation route " + ctx.request().path() + " failed", e);
          HttpGuards.refuse(ctx, 500, "internal", "the server could not complete this request; it has been logged");
        });
  }

  private static Query query(RoutingContext ctx) {
    String templateId = ctx.queryParams().get("templateId");
    if (templateId == null || templateId.isBlank() || templateId.length() > 100) {
      throw new IllegalArgumentException("templateId is missing: " + ctx.request().path() + "?templateId=data-team-start");
    }
    Set<String> roomIds = null;
    String ids = ctx.queryParams().get("roomIds");
    if (ids != null) {
      roomIds = new LinkedHashSet<>();
      for (String id : ids.split(",", -1)) {
        if (!ROOM_ID.matcher(id.strip()).matches()) {
          throw new IllegalArgumentException("roomIds is a comma-separated list of room ids (r-…)");
        }
        roomIds.add(id.strip());
      }
      if (roomIds.size() > MAX_ROOM_IDS) {
        throw new IllegalArgumentException("at most " + MAX_ROOM_IDS + " room ids");
      }
    }
    String organisation = ctx.queryParams().get("organisation");
    if (organisation != null && (organisation.isBlank() || organisation.length() > 200)) {
      throw new IllegalArgumentException("organisation is a name of 1 to 200 characters");
    }
    String by = ctx.queryParams().get("by");
    if (by != null && !by.equals("project") && !by.equals("session")) {
      throw new IllegalArgumentException("by is session (the default) or project");
    }
    return new Query(templateId, roomIds, organisation == null ? null : organisation.strip(), "project".equals(by));
  }

  /** The sessions asked for, oldest first, at most the newest {@link #MAX_SESSIONS}. */
  private List<Session> sessions(Organiser who, Query q) {
    List<Session> out = new ArrayList<>();
    List<Store.EvaluationMark> marks =
        new ArrayList<>(auth.access().manageable(who, store.evaluations(q.templateId()), Store.EvaluationMark::roomId));
    java.util.Collections.reverse(marks); // newest first, so the cap keeps the newest
    for (Store.EvaluationMark m : marks) {
      if (out.size() == MAX_SESSIONS) {
        break;
      }
      if (q.roomIds() != null && !q.roomIds().contains(m.roomId())) {
        continue;
      }
      summaries.load(m.roomId(), m.version()).ifPresent(s -> {
        if (q.organisation() == null || tookPart(s, q.organisation())) {
          out.add(new Session(s, m.endedAt()));
        }
      });
    }
    java.util.Collections.reverse(out);
    return out;
  }

  private static boolean tookPart(Summary s, String organisation) {
    for (var o : s.root().path("participants").path("organisations")) {
      if (o.path("name").asText().strip().equalsIgnoreCase(organisation)) {
        return true;
      }
    }
    return false;
  }
}
