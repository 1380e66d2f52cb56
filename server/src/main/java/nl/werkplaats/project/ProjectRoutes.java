package nl.werkplaats.project;

import io.vertx.core.Handler;
import java.util.Optional;
import nl.werkplaats.account.Organiser;
import nl.werkplaats.account.OrganiserAccounts;
import nl.werkplaats.account.OrganiserAuth;
import nl.werkplaats.account.Refusal;

import static nl.werkplaats.gateway.HttpApi.error;
import static nl.werkplaats.gateway.HttpApi.fail;
import static nl.werkplaats.gateway.HttpApi.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import nl.werkplaats.gateway.HttpApi;
import nl.werkplaats.gateway.HttpGuards;
import nl.werkplaats.gateway.Secrets;
import nl.werkplaats.room.BacklogEntry;
import nl.werkplaats.room.BacklogStatus;
import nl.werkplaats.room.ErrorCode;
import nl.werkplaats.room.Evaluation;
import nl.werkplaats.room.Limits;
import nl.werkplaats.room.Participant;
import nl.werkplaats.room.Partners;
import nl.werkplaats.room.Rejected;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.RoomStatus;
import nl.werkplaats.room.StepType;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.SummaryService;
import nl.werkplaats.template.TemplateRegistry;

/** The project routes of docs/api.md and docs/projects.md, and the session-in-a-project hook of {@code POST /api/rooms}. */
public final class ProjectRoutes implements HttpApi.SessionInProject {
  static final long MAX_BODY = 64 * 1024;
  static final int MAX_PARTNERS = 30;

  private final Vertx vertx;
  private final ProjectStore projects;
  private final Store store;
  private final SummaryService summaries;
  private final TemplateRegistry templates;
  private final ProjectAccess access;
  private final Deleter deleter;
  private final ZoneId zone;
  private OrganiserAccounts accounts;

  /** Deletes one room through the cluster, as a request does (audited in the store's deletions). */
  public interface Deleter {
    Future<Optional<Store.Deletion>> delete(String roomId, String byRole);
  }

  public ProjectRoutes(Vertx vertx, ProjectStore projects, Store store, SummaryService summaries,
      TemplateRegistry templates, ProjectAccess access, Deleter deleter, ZoneId zone) {
    this.vertx = vertx;
    this.projects = projects;
    this.store = store;
    this.summaries = summaries;
    this.templates = templates;
    this.access = access;
    this.deleter = deleter;
    this.zone = zone;
  }

  public void mount(Router router, HttpApi api) {
    api.sessionsInProjects(this);
    this.accounts = api.auth().accounts();
    // An organiser account or the organiser key (nl.werkplaats.account.OrganiserAuth); routes without a body
    // resume the request the check held back.
    Handler<RoutingContext> organiser = api.auth().required();
    Handler<RoutingContext> noBody = ctx -> {
      ctx.request().resume();
      ctx.next();
    };
    router.post("/api/projects").handler(organiser).handler(HttpGuards.jsonBody(MAX_BODY)).handler(this::create);
    router.get("/api/projects").handler(organiser).handler(noBody).handler(this::list);
    router.get("/api/projects/:id").handler(organiser).handler(noBody).handler(this::overview);
    router.delete("/api/projects/:id").handler(organiser).handler(noBody).handler(this::delete);
    router.post("/api/projects/:id/sessions").handler(organiser).handler(HttpGuards.jsonBody(MAX_BODY))
        .handler(ctx -> {
          JsonNode body = HttpApi.jsonBody(ctx);
          if (body != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("projectId", ctx.pathParam("id"));
            api.createRoom(ctx, body);
          }
        });
    router.post("/api/projects/:id/organisers").handler(organiser).handler(HttpGuards.jsonBody(MAX_BODY))
        .handler(this::share);
    router.get("/api/projects/:id/backlog").handler(organiser).handler(noBody).handler(this::backlog);
    router.get("/api/projects/:id/backlog.:format").handler(organiser).handler(noBody).handler(this::export);
    router.post("/api/projects/:id/backlog").handler(organiser).handler(HttpGuards.jsonBody(MAX_BODY))
        .handler(this::addItem);
    router.patch("/api/projects/:id/backlog/:item").handler(organiser).handler(HttpGuards.jsonBody(MAX_BODY))
        .handler(this::changeItem);
    router.get("/api/projects/:id/backlog/:item/history").handler(organiser).handler(noBody).handler(this::history);
    router.get("/api/projects/:id/tips").handler(organiser).handler(noBody).handler(this::tips);
    router.get("/api/rooms/:roomId/partners").handler(this::partnerMatch);
  }

  // ------------------------------------------------------------------------------------------ helpers


  /** The organiser the route's check let on: the organiser key's holder, or an organiser account. */
  private static ProjectAccess.Caller caller(RoutingContext ctx) {
    Organiser who = OrganiserAuth.of(ctx);
    if (who == null) {
      throw new Refusal(401, "not_authenticated", "sign in, or send the organiser key");
    }
    return who.administrator() ? ProjectAccess.Caller.ORGANISER_KEY : new ProjectAccess.Caller(who.id(), false);
  }

  /**
   * The project, if it exists and the caller may manage it; 404 otherwise, for a project not shared with the
   * caller too (as for one that does not exist: its existence is not told).
   */
  private Project managed(RoutingContext ctx, String projectId) {
    Project p = projects.find(projectId).orElseThrow(() -> new Refusal(404, "not_found", "no such project"));
    if (!access.mayManage(caller(ctx), p)) {
      throw new Refusal(404, "not_found", "no such project");
    }
    return p;
  }

  private <T> void answer(RoutingContext ctx, int status, Callable<T> work) {
    vertx.executeBlocking(work).onSuccess(body -> json(ctx, status, body)).onFailure(e -> refuse(ctx, e));
  }

  /** As {@link #answer}, for a route that reads a JSON object body. */
  private <T> void answerBody(RoutingContext ctx, int status, java.util.function.Function<JsonNode, T> work) {
    JsonNode body = HttpApi.jsonBody(ctx);
    if (body != null) {
      answer(ctx, status, () -> work.apply(body));
    }
  }

  private static void refuse(RoutingContext ctx, Throwable e) {
    if (e instanceof Refusal r) {
      error(ctx, r.status(), r.code(), r.getMessage());
    } else if (e instanceof Rejected r) {
      error(ctx, r.code() == ErrorCode.NOT_FOUND ? 404 : r.code() == ErrorCode.FORBIDDEN ? 403 : 400, r.code().wire(),
          r.getMessage());
    } else {
      fail(ctx, e);
    }
  }

  private static String text(JsonNode body, String field, int max, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new Refusal(400, "invalid_value", field + " is missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new Refusal(400, "invalid_value", field + " must be a string");
    }
    String s = v.asText().strip();
    if (s.codePointCount(0, s.length()) > max) {
      throw new Refusal(400, "invalid_value", field + " is longer than " + max + " characters");
    }
    if (required && s.isEmpty()) {
      throw new Refusal(400, "invalid_value", field + " is empty");
    }
    return s;
  }

  /** The project as the routes answer it; {@code sharedWith} names the organiser accounts among its organisers. */
  private Map<String, Object> projectJson(Project p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("projectId", p.id());
    m.put("title", p.title());
    m.put("description", p.description());
    m.put("partners", p.partners());
    m.put("organisers", p.organisers());
    List<Map<String, Object>> sharedWith = new ArrayList<>();
    for (String id : p.organisers()) {
      (accounts == null ? Optional.<Organiser>empty() : accounts.findById(id)).ifPresent(o -> {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", o.id());
        who.put("email", o.email());
        who.put("displayName", o.displayName());
        sharedWith.add(who);
      });
    }
    m.put("sharedWith", sharedWith);
    m.put("createdAt", p.createdAt());
    return m;
  }

  // ------------------------------------------------------------------------------------------ projects

  private void create(RoutingContext ctx) {
    answerBody(ctx, 201, body -> {
      String title = text(body, "title", 200, true);
      String description = text(body, "description", 4000, false);
      JsonNode list = body.path("partners");
      if (!list.isArray() || list.isEmpty() || list.size() > MAX_PARTNERS) {
        throw new Refusal(400, "invalid_value", "partners is a list of 1 to " + MAX_PARTNERS + " organisations");
      }
      List<String> partners = new ArrayList<>();
      for (JsonNode n : list) {
        if (!n.isTextual() || n.asText().isBlank() || n.asText().strip().length() > Limits.ORGANISATION
            || Partners.key(n.asText()).isEmpty()) {
          throw new Refusal(400, "invalid_value", "every partner is a name of 1 to " + Limits.ORGANISATION + " characters");
        }
        partners.add(n.asText().strip().replaceAll("\\s+", " "));
      }
      String twice = Partners.duplicate(partners);
      if (twice != null) {
        throw new Refusal(400, "invalid_value", "the partner " + twice + " is in the list twice (names are compared "
            + "without case, spaces, punctuation and abbreviations such as gem.)");
      }
      Project p = new Project(Secrets.id("pr"), title, description == null ? "" : description, partners,
          List.of(caller(ctx).id()), System.currentTimeMillis());
      projects.create(p);
      return projectJson(p);
    });
  }

  private void list(RoutingContext ctx) {
    answer(ctx, 200, () -> projects.list().stream().filter(p -> access.mayManage(caller(ctx), p))
        .map(this::projectJson).toList());
  }

  /** The project with its sessions, and per session and partner: people present and answers written. */
  private void overview(RoutingContext ctx) {
    answer(ctx, 200, () -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      harvestEnded(p);
      Map<String, Object> m = projectJson(p);
      List<Map<String, Object>> sessions = new ArrayList<>();
      for (String roomId : projects.sessions(p.id())) {
        Optional<RoomState> room = store.loadRoom(roomId).map(r -> r.state());
        if (room.isEmpty()) {
          continue;
        }
        sessions.add(session(p, room.get()));
      }
      m.put("sessions", sessions);
      return m;
    });
  }

  private static Map<String, Object> session(Project p, RoomState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("roomId", s.roomId);
    m.put("title", s.title);
    m.put("templateId", s.templateId);
    m.put("status", s.status.name().toLowerCase(java.util.Locale.ROOT));
    m.put("createdAt", s.createdAt);
    m.put("endedAt", s.endedAt);
    List<Map<String, Object>> perPartner = new ArrayList<>();
    List<String> organisations = new ArrayList<>(p.partners());
    for (Participant x : s.participants.values()) {
      if (!x.removed() && x.role().answersForOrganisation() && !organisations.contains(x.organisation())) {
        organisations.add(x.organisation());
      }
    }
    for (String org : organisations) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("organisation", org);
      o.put("partner", p.partners().contains(org));
      o.put("people", s.participants.values().stream()
          .filter(x -> !x.removed() && x.role().answersForOrganisation() && x.organisation().equals(org)).count());
      long answers = 0;
      for (int i = 0; i < s.agenda.size(); i++) {
        var t = s.content.get(i).texts.get("org:" + org);
        if (s.agenda.get(i).type() == StepType.CHECKLIST_QUESTION && t != null && !t.text().isBlank()) {
          answers++;
        }
      }
      o.put("answers", answers);
      perPartner.add(o);
    }
    m.put("organisations", perPartner);
    return m;
  }

  private void share(RoutingContext ctx) {
    answerBody(ctx, 200, body -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      String email = OrganiserAccounts.normaliseEmail(body.path("email").asText(null));
      if (email == null) {
        throw new Refusal(400, "invalid_value", "email is the e-mail address of an organiser account");
      }
      String organiser = (accounts == null ? Optional.<OrganiserAccounts.Account>empty() : accounts.findByEmail(email))
          .map(a -> a.organiser().id())
          .orElseThrow(() -> new Refusal(422, "no_account", "no organiser account has this e-mail address"));
      projects.addOrganiser(p.id(), organiser);
      return projectJson(projects.find(p.id()).orElseThrow());
    });
  }

  /** Deletes the project's rooms through the cluster (each audited), then the project itself (audited too). */
  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx.executeBlocking(() -> {
      managed(ctx, id);
      return projects.sessions(id);
    }).compose(rooms -> {
      Future<Void> chain = Future.succeededFuture();
      for (String roomId : rooms) {
        chain = chain.compose(v -> deleter.delete(roomId, "organiser").mapEmpty());
      }
      return chain.compose(v -> vertx.executeBlocking(() -> projects.delete(id, "request", "organiser")));
    }).onSuccess(what -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("projectId", id);
      m.put("deleted", what.orElse(""));
      m.put("reason", "request");
      m.put("by", "organiser");
      m.put("at", System.currentTimeMillis());
      json(ctx, 200, m);
    }).onFailure(e -> refuse(ctx, e));
  }

  // ------------------------------------------------------------------------------------------ sessions

  @Override
  public Future<Consumer<RoomState>> prepare(RoutingContext ctx, String projectId) {
    return vertx.executeBlocking(() -> {
      Project p;
      try {
        p = managed(ctx, projectId);
      } catch (Refusal r) {
        throw new Rejected(r.status() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.FORBIDDEN, r.getMessage());
      }
      harvestEnded(p);
      Map<String, BacklogEntry> seed = new LinkedHashMap<>();
      for (BacklogItem i : projects.items(projectId)) {
        if ((i.status() == BacklogStatus.OPEN || i.status() == BacklogStatus.IN_PROGRESS) && seed.size() < Limits.BACKLOG_ITEMS) {
          seed.put(i.id(), BacklogEntry.seeded(i.id(), i.what(), i.ownerOrganisation(), i.ownerPerson(), i.due(),
              i.status(), i.note(), i.originLabel()));
        }
      }
      return state -> {
        state.projectId = p.id();
        state.partners = new ArrayList<>(p.partners());
        state.backlog = seed;
      };
    });
  }

  @Override
  public Future<Void> created(String projectId, String roomId) {
    return vertx.executeBlocking(() -> {
      projects.addSession(projectId, roomId);
      return null;
    });
  }

  /**
   * Writes what every ended session of the project brought to the backlog and was not written yet (the
   * summary frozen first). Called when a session ends, and again before the backlog is read, so that a node
   * that died before writing loses nothing.
   */
  public void harvestEnded(Project p) {
    for (String roomId : projects.sessions(p.id())) {
      harvest(p.id(), roomId);
    }
  }

  /** Writes the backlog of one room if it belongs to a project and has ended; idempotent. */
  public void harvest(String roomId) {
    projects.projectOfRoom(roomId).ifPresent(projectId -> harvest(projectId, roomId));
  }

  private void harvest(String projectId, String roomId) {
    // Cheap first: the room's row says whether it has an end that is not written yet (no room load otherwise).
    Optional<Store.RoomAccess> row = store.roomAccess(roomId);
    if (row.isEmpty() || !"ended".equals(row.get().status()) || row.get().endCount() <= projects.harvestedEndCount(roomId)) {
      return;
    }
    Optional<RoomState> room = store.loadRoom(roomId).map(r -> r.state());
    if (room.isEmpty() || room.get().status != RoomStatus.ENDED || room.get().endCount < 1) {
      return;
    }
    RoomState s = room.get();
    if (summaries != null) {
      summaries.ensureFrozen(s);
    }
    JsonNode template = templates.find(s.templateId, s.templateVersion).map(t -> t.json()).orElse(null);
    projects.harvest(projectId, roomId, s.endCount, Harvest.of(projectId, s, template, () -> Secrets.id("b")));
  }

  // ------------------------------------------------------------------------------------------ backlog

  static Map<String, Object> itemJson(BacklogItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("itemId", i.id());
    m.putAll(ProjectStore.values(i));
    Map<String, Object> origin = new LinkedHashMap<>();
    origin.put("roomId", i.originRoom().isEmpty() ? null : i.originRoom());
    origin.put("step", i.originStep().isEmpty() ? null : i.originStep());
    origin.put("kind", i.originKind());
    origin.put("label", i.originLabel());
    m.put("origin", origin);
    m.put("createdAt", i.createdAt());
    m.put("updatedAt", i.updatedAt());
    return m;
  }

  private void backlog(RoutingContext ctx) {
    answer(ctx, 200, () -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      harvestEnded(p);
      return projects.items(p.id()).stream().map(ProjectRoutes::itemJson).toList();
    });
  }

  /** Checks the fields of a new item or a change; answers them by their API names (only those given). */
  private static Map<String, String> fields(JsonNode body, Project p, boolean creating) {
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!List.of("what", "ownerOrganisation", "ownerPerson", "due", "status", "note", "tip").contains(f)
          || (!creating && f.equals("tip"))) {
        throw new Refusal(400, "invalid_value", "unknown field " + f);
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    String what = text(body, "what", Limits.AGREEMENT_WHAT, creating);
    if (what != null) {
      if (what.isEmpty()) {
        throw new Refusal(400, "invalid_value", "what is empty");
      }
      m.put("what", what);
    }
    String org = text(body, "ownerOrganisation", Limits.ORGANISATION, false);
    if (org != null) {
      if (!org.isEmpty()) {
        Partners.Match match = Partners.match(p.partners(), org);
        if (match.kind() != Partners.Match.Kind.EXACT) {
          throw new Refusal(400, "invalid_value", org + " is not a partner of this project"
              + (match.kind() == Partners.Match.Kind.SUGGESTION ? "; did you mean " + match.partner() + "?" : ""));
        }
        org = match.partner();
      }
      m.put("ownerOrganisation", org);
    }
    String person = text(body, "ownerPerson", Limits.AGREEMENT_WHO, false);
    if (person != null) {
      m.put("ownerPerson", person);
    }
    if (body.has("due")) {
      String due = text(body, "due", 10, false);
      if (due != null && !due.isEmpty()) {
        try {
          due = LocalDate.parse(due).toString();
        } catch (DateTimeParseException e) {
          throw new Refusal(400, "invalid_value", "due must be a date like 2026-12-31");
        }
      }
      m.put("due", due == null || due.isEmpty() ? null : due);
    }
    String status = text(body, "status", 16, false);
    if (status != null) {
      if (BacklogStatus.fromWire(status) == null) {
        throw new Refusal(400, "invalid_value", "status is open, in-progress, done or dropped");
      }
      m.put("status", status);
    }
    String note = text(body, "note", Limits.BACKLOG_NOTE, false);
    if (note != null) {
      m.put("note", note);
    }
    return m;
  }

  /** A new item by hand, or from an evaluation tip ({@code tip}: the session and the participant who gave it). */
  private void addItem(RoutingContext ctx) {
    answerBody(ctx, 201, body -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      Map<String, String> f = fields(body, p, true);
      String originRoom = "";
      String originStep = "";
      String kind = "manual";
      String label = "";
      String ref;
      JsonNode tip = body.get("tip");
      if (tip != null && !tip.isNull()) {
        String roomId = text(tip, "roomId", 64, true);
        String participant = text(tip, "participantId", 64, true);
        if (!projects.sessions(p.id()).contains(roomId)) {
          throw new Refusal(404, "not_found", "no session " + roomId + " in this project");
        }
        RoomState s = store.loadRoom(roomId).map(r -> r.state())
            .orElseThrow(() -> new Refusal(404, "not_found", "no session " + roomId + " in this project"));
        int step = evaluationStepWithTip(s, participant);
        originRoom = roomId;
        originStep = s.agenda.get(step).id();
        kind = "tip";
        label = Harvest.label(s, templates.find(s.templateId, s.templateVersion).map(t -> t.json()).orElse(null), step,
            s.language);
        ref = participant;
      } else {
        ref = Secrets.id("m");
      }
      long now = System.currentTimeMillis();
      BacklogItem item = new BacklogItem(Secrets.id("b"), p.id(), f.get("what"), f.getOrDefault("ownerOrganisation", ""),
          f.getOrDefault("ownerPerson", ""), f.get("due"), BacklogStatus.fromWire(f.getOrDefault("status", "open")),
          f.getOrDefault("note", ""), originRoom, originStep, kind, label, now, now);
      return itemJson(projects.add(item, ref, caller(ctx).id()));
    });
  }

  private static int evaluationStepWithTip(RoomState s, String participantId) {
    for (int i = 0; i < s.agenda.size(); i++) {
      Evaluation e = s.content.get(i).evaluations.get(participantId);
      if (s.agenda.get(i).type() == StepType.EVALUATION && e != null && !e.tips().isBlank()) {
        return i;
      }
    }
    throw new Refusal(404, "not_found", "no tip from " + participantId + " in this session");
  }

  private void changeItem(RoutingContext ctx) {
    answerBody(ctx, 200, body -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      Map<String, String> f = fields(body, p, false);
      if (f.isEmpty()) {
        throw new Refusal(400, "invalid_value", "nothing to change");
      }
      return projects.change(p.id(), ctx.pathParam("item"), f, caller(ctx).id()).map(ProjectRoutes::itemJson)
          .orElseThrow(() -> new Refusal(404, "not_found", "no backlog item " + ctx.pathParam("item") + " in this project"));
    });
  }

  private void history(RoutingContext ctx) {
    answer(ctx, 200, () -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      if (projects.item(p.id(), ctx.pathParam("item")).isEmpty()) {
        throw new Refusal(404, "not_found", "no backlog item " + ctx.pathParam("item") + " in this project");
      }
      return projects.history(p.id(), ctx.pathParam("item"));
    });
  }

  /** The evaluation tips of the project's ended sessions, each with the backlog item made from it (or null). */
  private void tips(RoutingContext ctx) {
    answer(ctx, 200, () -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      Map<String, BacklogItem> made = projects.itemsFromTips(p.id());
      List<Map<String, Object>> out = new ArrayList<>();
      for (String roomId : projects.sessions(p.id())) {
        RoomState s = store.loadRoom(roomId).map(r -> r.state()).orElse(null);
        if (s == null || s.status != RoomStatus.ENDED) {
          continue;
        }
        for (int i = 0; i < s.agenda.size(); i++) {
          for (Evaluation e : s.content.get(i).evaluations.values()) {
            if (!e.tips().isBlank()) {
              Map<String, Object> tip = new LinkedHashMap<>();
              tip.put("roomId", roomId);
              tip.put("session", s.title);
              tip.put("participantId", e.participantId());
              tip.put("tip", e.tips());
              BacklogItem item = made.get(ProjectStore.tipKey(roomId, e.participantId()));
              tip.put("item", item == null ? null
                  : Map.of("itemId", item.id(), "status", item.status().wire(), "what", item.what()));
              out.add(tip);
            }
          }
        }
      }
      return out;
    });
  }

  private void export(RoutingContext ctx) {
    String format = ctx.pathParam("format");
    if (!List.of("csv", "xlsx", "ics").contains(format)) {
      error(ctx, 404, "not_found", "the backlog is exported as csv, xlsx or ics");
      return;
    }
    vertx.executeBlocking(() -> {
      Project p = managed(ctx, ctx.pathParam("id"));
      harvestEnded(p);
      List<BacklogItem> items = projects.items(p.id());
      return switch (format) {
        case "csv" -> BacklogExport.csv(items, zone);
        case "xlsx" -> BacklogExport.xlsx(p, items);
        default -> BacklogExport.ics(p, items);
      };
    }).onSuccess(bytes -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, BacklogExport.contentType(format))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Disposition", "attachment; filename=\"werkplaats-" + ctx.pathParam("id") + "-backlog." + format + "\"")
        .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
        .onFailure(e -> refuse(ctx, e));
  }

  // ------------------------------------------------------------------------------------------ join screen

  /** {@code ?organisation=…} matched to the partners of the room's project, for the join screen's question. */
  private void partnerMatch(RoutingContext ctx) {
    String typed = ctx.queryParams().get("organisation");
    if (typed != null && typed.length() > 4 * Limits.ORGANISATION) {
      error(ctx, 400, "invalid_value", "organisation is too long");
      return;
    }
    answer(ctx, 200, () -> {
      List<String> partners = projects.projectOfRoom(ctx.pathParam("roomId")).flatMap(projects::find)
          .map(Project::partners).orElse(List.of());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("partners", partners);
      if (typed != null) {
        Partners.Match match = Partners.match(partners, typed);
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("kind", match.kind().name().toLowerCase(java.util.Locale.ROOT));
        mm.put("partner", match.partner());
        m.put("match", mm);
      }
      return m;
    });
  }
}
