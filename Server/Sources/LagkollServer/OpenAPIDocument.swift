/// The API's OpenAPI 3 description, served at `GET /api/v1/openapi.yaml`. The integration test validates
/// it with openapi-spec-validator and runs schemathesis against a live server with it, so every answer
/// the server gives must be described here.
enum OpenAPIDocument {
  static let yaml = """
    openapi: 3.0.3
    info:
      title: lagkoll
      version: "1"
      description: |
        Checks a municipal crime-prevention plan under SFS 2023:196 (lagen om kommuners ansvar för
        brottsförebyggande arbete): what is missing or outdated, where in the document, and which paragraph
        or guidance asks for it. The same engine and report as `lagkoll check --format json`, without file
        paths. Nothing sent to the check is stored; submissions (/api/v1/submissions) are stored, immutable.
      license:
        name: see the project's repository
    servers:
      - url: /
    tags:
      - name: check
      - name: documents
      - name: submissions
      - name: calendar
      - name: service
    paths:
      /api/v1/check:
        post:
          tags: [check]
          operationId: checkPlan
          summary: Check one plan document
          description: |
            The body is a plan in XML, JSON or Word (.docx; see the schemas and the templates). The reader
            is chosen by the Content-Type (application/xml, text/xml or a +xml type; application/json or a
            +json type; application/vnd.openxmlformats-officedocument.wordprocessingml.document); with
            text/plain, application/octet-stream or no type, the first significant byte decides, and a Word
            document is recognised by its content whatever the type says. A plan that cannot be read gets
            422 with the report, whose file says where (line and column) and why: a zip bomb, a
            password-protected or Word 97 (.doc) file and a .docm are refused so. With `Accept:
            application/vnd.openxmlformats-officedocument.wordprocessingml.document`, a Word plan comes back
            as its reviewed copy instead of the JSON report: the document with a comment by lagkoll at
            each finding and the verdict at its title (lagkoll check plan.docx --format docx); 406 when
            the plan is not a Word document.
          parameters:
            - name: asOf
              in: query
              required: false
              description: The date the plan is judged as of (YYYY-MM-DD); default today in Europe/Stockholm.
              schema: { type: string, format: date }
            - name: lang
              in: query
              required: false
              description: Language of messages (empty is the default).
              schema: { type: string, pattern: "^(sv|en)?$", default: sv }
          requestBody:
            required: true
            content:
              application/xml:
                schema: { type: string, format: binary }
              text/xml:
                schema: { type: string, format: binary }
              application/json:
                schema: {}
              text/plain:
                schema: { type: string }
              application/octet-stream:
                schema: { type: string, format: binary }
              application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                schema: { type: string, format: binary }
          responses:
            "200":
              description: |
                The plan was read and checked; its findings and verdict are in the report, or for a Word
                plan asked for with Accept, in its reviewed copy (an attachment, Lagkoll-Verdict the verdict).
              headers:
                X-Request-Id: { $ref: "#/components/headers/RequestId" }
                Lagkoll-Verdict:
                  description: With the reviewed copy only, the verdict the report would give.
                  schema: { type: string, enum: [ready, ready-with-warnings, outdated, not-ready] }
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Report" }
                application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                  schema: { type: string, format: binary }
            "400":
              $ref: "#/components/responses/BadRequest"
            "406":
              description: The reviewed copy was asked for, but the plan is XML or JSON, not a Word document.
              headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Error" }
            "408":
              $ref: "#/components/responses/Timeout"
            "413":
              $ref: "#/components/responses/TooLarge"
            "415":
              $ref: "#/components/responses/UnsupportedMediaType"
            "422":
              description: |
                The body is not a readable plan: malformed XML or JSON (with line and column), invalid UTF-8,
                a document that is not a plan, or a format version lagkoll does not know. The report's one
                file has status "unreadable" and an error.
              headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Report" }
      /api/v1/openapi.yaml:
        get:
          tags: [service]
          operationId: openAPI
          summary: This description
          responses:
            "200":
              description: OpenAPI 3 in YAML.
              content:
                application/yaml:
                  schema: { type: string }
      /api/v1/template.xml:
        get:
          tags: [documents]
          operationId: templateXML
          summary: A plan template in XML (lagkoll init --format xml)
          parameters:
            - $ref: "#/components/parameters/Kommun"
          responses:
            "200":
              description: The template, with placeholders beginning with "ANGE:".
              content:
                application/xml:
                  schema: { type: string }
            "404":
              $ref: "#/components/responses/UnknownKommun"
      /api/v1/template.json:
        get:
          tags: [documents]
          operationId: templateJSON
          summary: A plan template in JSON (lagkoll init --format json)
          parameters:
            - $ref: "#/components/parameters/Kommun"
          responses:
            "200":
              description: The template, with placeholders beginning with "ANGE:".
              content:
                application/json:
                  schema: { type: object }
            "404":
              $ref: "#/components/responses/UnknownKommun"
      /api/v1/template.docx:
        get:
          tags: [documents]
          operationId: templateDOCX
          summary: A plan template in Word (lagkoll init --format docx)
          description: |
            A .docx to fill in with Word or LibreOffice, without macros: a heading per part of the law, what
            the law or guidance asks under each, fields as labelled cells and every list as a table.
          parameters:
            - $ref: "#/components/parameters/Kommun"
            - name: lang
              in: query
              required: false
              description: Language of the guidance texts in the template (empty is the default).
              schema: { type: string, pattern: "^(sv|en)?$", default: sv }
          responses:
            "200":
              description: The template, with placeholders beginning with "ANGE:", as a download.
              content:
                application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                  schema: { type: string, format: binary }
            "400":
              $ref: "#/components/responses/BadRequest"
            "404":
              $ref: "#/components/responses/UnknownKommun"
      /api/v1/schema.xsd:
        get:
          tags: [documents]
          operationId: schemaXSD
          summary: The plan format's XML Schema (lagkoll schema xsd)
          responses:
            "200":
              description: XML Schema 1.0.
              content:
                application/xml:
                  schema: { type: string }
      /api/v1/schema.json:
        get:
          tags: [documents]
          operationId: schemaJSON
          summary: The plan format's JSON Schema (lagkoll schema json)
          responses:
            "200":
              description: JSON Schema.
              content:
                application/schema+json:
                  schema: { type: object }
      /api/v1/submissions:
        post:
          tags: [submissions]
          operationId: submitPlan
          summary: Hand in the kommun's plan (stored, immutable)
          description: |
            For the samordnare of the kommun the plan names (kommun.kod): a bearer token from
            `lagkoll-server users token`, or a browser session with its X-CSRF-Token. The plan is checked
            and stored with its exact bytes, SHA-256, submitter, time, rule-set version and findings; 201
            comes only once it is durable. An unreadable plan gets 422 with the report and is not stored.
            A Word plan (.docx) is stored byte for byte and served back by /raw with Word's media type.
          security:
            - bearer: []
            - session: []
          requestBody:
            required: true
            content:
              application/xml:
                schema: { type: string, format: binary }
              application/json:
                schema: {}
              application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                schema: { type: string, format: binary }
          responses:
            "201":
              description: Stored; the id is 128 random bits.
              headers:
                Location: { schema: { type: string } }
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Submission" }
            "400": { $ref: "#/components/responses/BadRequest" }
            "401": { $ref: "#/components/responses/Unauthorized" }
            "403": { $ref: "#/components/responses/Forbidden" }
            "408": { $ref: "#/components/responses/Timeout" }
            "413": { $ref: "#/components/responses/TooLarge" }
            "415": { $ref: "#/components/responses/UnsupportedMediaType" }
            "422":
              description: The plan could not be read (the report says where), or it names no kommun.
              content:
                application/json:
                  schema: {}
            "503":
              description: The database cannot be written (read-only, full disk); nothing was stored.
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Error" }
      /api/v1/submissions/{id}:
        get:
          tags: [submissions]
          operationId: getSubmission
          summary: A submission's metadata and findings
          description: For its kommun, its county's granskare, riket and admin; 404 also for a submission the caller may not see.
          security:
            - bearer: []
            - session: []
          parameters:
            - $ref: "#/components/parameters/SubmissionId"
          responses:
            "200":
              description: The submission.
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Submission" }
            "401": { $ref: "#/components/responses/Unauthorized" }
            "404": { $ref: "#/components/responses/NotFound" }
      /api/v1/submissions/{id}/raw:
        get:
          tags: [submissions]
          operationId: getSubmissionBytes
          summary: The exact bytes submitted
          security:
            - bearer: []
            - session: []
          parameters:
            - $ref: "#/components/parameters/SubmissionId"
          responses:
            "200":
              description: |
                The plan as submitted, as a download (Content-Disposition attachment, named plan-ID.xml,
                .json or .docx) with the media type of the form it was read as; X-Content-SHA256 is its hash.
              content:
                application/xml:
                  schema: { type: string, format: binary }
                application/json:
                  schema: {}
                application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                  schema: { type: string, format: binary }
            "401": { $ref: "#/components/responses/Unauthorized" }
            "404": { $ref: "#/components/responses/NotFound" }
      /api/v1/submissions/{id}/withdrawal:
        post:
          tags: [submissions]
          operationId: withdrawSubmission
          summary: Withdraw a submission (its bytes and findings stay)
          description: |
            For the samordnare of the submission's kommun and admins; a browser session sends its
            X-CSRF-Token. The submission is marked withdrawn with who, when and why (audited), and no
            longer counts as the kommun's latest. A withdrawal is final: 409 for a second one.
          security:
            - bearer: []
            - session: []
          parameters:
            - $ref: "#/components/parameters/SubmissionId"
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [reason]
                  properties:
                    reason: { type: string, minLength: 1, maxLength: 500 }
          responses:
            "200":
              description: Withdrawn; the submission with its withdrawal.
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Submission" }
            "401": { $ref: "#/components/responses/Unauthorized" }
            "403": { $ref: "#/components/responses/Forbidden" }
            "404": { $ref: "#/components/responses/NotFound" }
            "409":
              description: Already withdrawn.
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Error" }
            "422":
              description: No reason given, or one longer than 500 characters.
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Error" }
            "503":
              description: The database cannot be written; nothing changed.
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Error" }
      /kommun/{kod}/kalender.ics:
        get:
          tags: [calendar]
          operationId: kommunCalendar
          summary: A kommun's dates as an iCalendar feed (RFC 5545)
          description: |
            Every coming and overdue date that follows from the kommun's latest standing submission (a withdrawal
            moves the dates back to the plan before it): all-day events whose UIDs stay the same across
            new submissions, SEQUENCE and LAST-MODIFIED from the day the dates last changed, reminders
            90 and 14 days before. A calendar client subscribes with a personal address made on /konto:
            `?token=` carries its secret (never written to the request log, stored only as SHA-256,
            revocable there); it shows what that user may see, and nothing once the user is disabled or
            the address revoked. A session or bearer token reads it too.
          security:
            - feedToken: []
            - bearer: []
            - session: []
          parameters:
            - { name: kod, in: path, required: true, description: SCB's four-digit municipality code., schema: { type: string } }
            - { name: lang, in: query, required: false, description: "sv (the default) or en; any other reads as sv.", schema: { type: string } }
          responses:
            "200": { $ref: "#/components/responses/Calendar" }
            "401": { $ref: "#/components/responses/PageUnauthorized" }
            "403": { $ref: "#/components/responses/PageForbidden" }
            "404": { $ref: "#/components/responses/PageNotFound" }
      /lan/{kod}/kalender.ics:
        get:
          tags: [calendar]
          operationId: countyCalendar
          summary: A county's dates as an iCalendar feed (RFC 5545)
          description: |
            As /kommun/{kod}/kalender.ics, for every kommun of the county (each from its latest standing
            submission); a feed address made for the county on /konto, a session or a bearer token.
          security:
            - feedToken: []
            - bearer: []
            - session: []
          parameters:
            - { name: kod, in: path, required: true, description: SCB's two-digit county code., schema: { type: string } }
            - { name: lang, in: query, required: false, description: "sv (the default) or en; any other reads as sv.", schema: { type: string } }
          responses:
            "200": { $ref: "#/components/responses/Calendar" }
            "401": { $ref: "#/components/responses/PageUnauthorized" }
            "403": { $ref: "#/components/responses/PageForbidden" }
            "404": { $ref: "#/components/responses/PageNotFound" }
      /healthz:
        get:
          tags: [service]
          operationId: health
          summary: Liveness
          responses:
            "200":
              description: The server is up.
              content:
                application/json:
                  schema:
                    type: object
                    required: [status]
                    properties:
                      status: { type: string, enum: [ok] }
      /metrics:
        get:
          tags: [service]
          operationId: metrics
          summary: The service's metrics, for an admin
          description: |
            Prometheus' text exposition format: requests by route and status
            (lagkoll_http_requests_total, lagkoll_http_request_duration_seconds), how long checks take
            (lagkoll_check_duration_seconds), stored submissions (lagkoll_submissions_total), failed
            logins by reason (lagkoll_login_failures_total), and the database's size on disk
            (lagkoll_database_bytes). Only for an admin's token or session; `serve --metrics-port` also
            serves it without a token on 127.0.0.1 alone.
          security:
            - bearer: []
            - session: []
          responses:
            "200":
              description: The metrics.
              content:
                text/plain:
                  schema: { type: string }
            "401": { $ref: "#/components/responses/Unauthorized" }
            "403": { $ref: "#/components/responses/Forbidden" }
    components:
      securitySchemes:
        bearer:
          type: http
          scheme: bearer
          description: |
            An API token from `lagkoll-server users token EMAIL [--expires DATE]`. A token expires (a year
            after it was issued unless --expires says otherwise) and can be revoked on its own
            (`users tokens EMAIL`, `users revoke-token ID`); an expired or revoked token gets 401.
        session: { type: apiKey, in: cookie, name: lagkoll_session }
        feedToken: { type: apiKey, in: query, name: token }
      headers:
        RequestId:
          description: The id the server logged this request under; quote it when reporting a problem.
          schema: { type: string }
      parameters:
        Kommun:
          name: kommun
          in: query
          required: false
          description: SCB's four-digit municipality code; fills in the name and county.
          schema: { type: string, pattern: "^([0-9]{4})?$" }
        SubmissionId:
          name: id
          in: path
          required: true
          schema: { type: string, pattern: "^[0-9a-f]{32}$" }
      responses:
        Unauthorized:
          description: No session and no valid bearer token.
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        Forbidden:
          description: The account may not do this (another kommun's plan, a role that does not submit, no CSRF token).
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        Calendar:
          description: The calendar; never cached (Cache-Control private, no-store).
          content:
            text/calendar:
              schema: { type: string }
        PageUnauthorized:
          description: No valid feed address, session or bearer token (a revoked address, its user disabled, or an address made for another kommun or county); a page for people.
          content:
            text/html:
              schema: { type: string }
        PageForbidden:
          description: The account may not see this kommun or county; a page for people.
          content:
            text/html:
              schema: { type: string }
        PageNotFound:
          description: No such kommun or county; a page for people.
          content:
            text/html:
              schema: { type: string }
        NotFound:
          description: No such submission, or one the caller may not see.
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        Timeout:
          description: The body did not arrive in time.
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        TooLarge:
          description: The body is larger than the limit (16 MiB unless configured); refused while it streams.
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        UnsupportedMediaType:
          description: The Content-Type is not one a plan comes in.
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        UnknownKommun:
          description: No kommun has that code.
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        BadRequest:
          description: A parameter is not valid (asOf not a date, lang not sv or en).
          headers: { X-Request-Id: { $ref: "#/components/headers/RequestId" } }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
      schemas:
        Submission:
          type: object
          required: [id, kommun, receivedAt, sha256, size, rulesetVersion, findings, summary, raw]
          properties:
            id: { type: string, pattern: "^[0-9a-f]{32}$" }
            kommun: { type: string }
            receivedAt: { type: string, format: date-time }
            sha256: { type: string }
            size: { type: integer }
            rulesetVersion: { type: string }
            verdict: { type: string, nullable: true }
            findings: { type: array, items: { $ref: "#/components/schemas/Finding" } }
            summary: { type: object, nullable: true }
            raw: { type: string }
            submitter: { type: string }
            withdrawn:
              type: object
              nullable: true
              required: [by, at, reason]
              properties:
                by: { type: string }
                at: { type: string, format: date-time }
                reason: { type: string }
        Error:
          type: object
          required: [error]
          properties:
            error:
              type: object
              required: [status, code, message]
              properties:
                status: { type: integer }
                code: { type: string }
                message: { type: string }
        Report:
          description: The report of `lagkoll check --format json`, without file paths.
          type: object
          required: [tool, asOf, ruleset, files, summary]
          properties:
            tool:
              type: object
              required: [name, version]
              properties:
                name: { type: string }
                version: { type: string }
            asOf: { type: string, format: date }
            ruleset:
              type: object
              required: [version]
              properties:
                version: { type: string }
            files:
              type: array
              minItems: 1
              maxItems: 1
              items: { $ref: "#/components/schemas/File" }
            summary:
              type: object
              required: [files, errors, warnings, infos, ready, outdated, notReady, unreadable]
              properties:
                files: { type: integer, minimum: 0 }
                errors: { type: integer, minimum: 0 }
                warnings: { type: integer, minimum: 0 }
                infos: { type: integer, minimum: 0 }
                ready: { type: integer, minimum: 0 }
                outdated: { type: integer, minimum: 0 }
                notReady: { type: integer, minimum: 0 }
                unreadable: { type: integer, minimum: 0 }
        File:
          type: object
          required: [kommun, status, verdict, findings]
          properties:
            kommun:
              nullable: true
              type: object
              properties:
                namn: { type: string, nullable: true }
                kod: { type: string, nullable: true }
                lan: { type: string, nullable: true }
            status:
              type: string
              enum: [passed, failed, unreadable]
              description: failed when an error counts; unreadable when the plan could not be read.
            verdict:
              type: string
              enum: [ready, ready-with-warnings, outdated, not-ready, unreadable]
              description: |
                What the report says about the plan: never ready while an error counts, never plainly
                ready while something is outdated.
            error:
              type: object
              description: Why the plan could not be read, and where (1-based line and column in code points).
              required: [message, kind]
              properties:
                message: { type: string }
                kind: { type: string, enum: [malformed, foreign, unsupportedVersion, limit, io] }
                line: { type: integer, minimum: 1 }
                column: { type: integer, minimum: 1 }
            findings:
              type: array
              items: { $ref: "#/components/schemas/Finding" }
        Finding:
          type: object
          required: [ruleId, obligation, basis, severity, message, reference, location]
          properties:
            ruleId: { type: string }
            obligation: { type: string, description: "An obligation id of the rule set, or konfiguration for a notice about the municipality's own configuration (basis konfiguration)." }
            basis: { type: string, enum: [lag, vägledning, dokument, konfiguration] }
            severity: { type: string, enum: [error, warning, info] }
            message: { type: string }
            reference:
              type: object
              description: The statute (sfs, paragraf, punkt) or the guidance (source, title) that asks for it.
              required: [verified, summary]
              properties:
                sfs: { type: string, nullable: true }
                paragraf: { type: string, nullable: true }
                punkt: { type: string }
                source: { type: string, nullable: true }
                title: { type: string }
                verified: { type: boolean }
                url: { type: string }
                summary: { type: string }
            location:
              type: object
              required: [line, column, path]
              properties:
                line: { type: integer, minimum: 1 }
                column: { type: integer, minimum: 1 }
                path: { type: string, description: A JSON Pointer over the common tree. }
                word:
                  type: object
                  description: In a Word plan, the place in the document's own terms (line and column are word/document.xml's).
                  required: [section, paragraph, text]
                  properties:
                    section: { type: string }
                    table: { type: string }
                    row: { type: integer }
                    column: { type: string }
                    field: { type: string }
                    paragraph: { type: integer }
                    text: { type: string }
            outdatedSince: { type: string, format: date }
            suppressed: { type: boolean }

    """
}
