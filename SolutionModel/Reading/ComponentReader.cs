using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace Mci.SolutionModel
{
    /// <summary>
    /// Turns one component's XML element into its record. The element shapes are the same in an unpacked folder (one file per
    /// component) and in a zip's customizations.xml (the same elements folded together), so this is the one parser of a
    /// solution's XML; <see cref="SolutionReader"/> only says where the elements come from. <c>source</c> is where the element
    /// was read (a file, or a zip entry and component) and goes into the record and into error messages.
    /// </summary>
    internal sealed class ComponentReader
    {
        private readonly Dictionary<string, Choice> _globalChoices = new(StringComparer.OrdinalIgnoreCase);
        private IReadOnlyList<RelationshipDefinition> _relationships = Array.Empty<RelationshipDefinition>();

        /// <summary>Global choices first: columns that use one hold the same instance.</summary>
        public void UseGlobalChoices(IEnumerable<Choice> choices)
        {
            foreach (var c in choices) _globalChoices.TryAdd(c.Name, c);
        }

        /// <summary>Relationships before tables: lookup targets come from them.</summary>
        public void UseRelationships(IReadOnlyList<RelationshipDefinition> relationships) => _relationships = relationships;

        // ---------- tables and choices ----------

        public static Choice GlobalChoice(XElement optionSet, string source) =>
            ChoiceOf(optionSet, Required(SolutionXml.Attr(optionSet, "Name"), "<optionset> without Name"), isGlobal: true) with { Source = source };

        /// <summary>An Entity element: &lt;Name&gt; and &lt;EntityInfo&gt;&lt;entity&gt; with its attributes.</summary>
        public TableDefinition Table(XElement root, string source)
        {
            var info = root.Element("EntityInfo")?.Element("entity");
            if (info == null)
            {
                // A managed export leaves <EntityInfo> out for a table it includes unmodified (only its forms or ribbon):
                // a table another solution provides, with nothing of its own.
                var name = Required(SolutionXml.Child(root, "Name"), "<Entity> without <Name> or <EntityInfo><entity>");
                return new TableDefinition(name.ToLowerInvariant()) { SchemaName = name, IsShell = true, PrivilegeName = name, InSolution = true, Source = source };
            }
            var schema = Required(SolutionXml.Attr(info, "Name") is { Length: > 0 } n ? n : SolutionXml.Child(root, "Name"), "<EntityInfo><entity> without Name");
            var logical = schema.ToLowerInvariant();
            var columns = info.Element("attributes")?.Elements("attribute").Select(a => Column(logical, a)).ToList() ?? new List<ColumnDefinition>();
            var byName = new Dictionary<string, ColumnDefinition>(StringComparer.Ordinal);
            foreach (var c in columns) byName.TryAdd(c.LogicalName, c);
            var primaryKey = columns.FirstOrDefault(c => c.Type == ColumnType.PrimaryKey)?.LogicalName;
            return new TableDefinition(logical)
            {
                SchemaName = schema,
                // An export of a table another solution provides carries no LocalizedNames: only the columns the solution adds.
                IsShell = info.Element("LocalizedNames") == null,
                Ownership = Ownership(info.Element("OwnershipTypeMask")?.Value),
                DisplayNames = Text(info.Element("LocalizedNames"), "LocalizedName"),
                CollectionNames = Text(info.Element("LocalizedCollectionNames"), "LocalizedCollectionName"),
                Columns = byName,
                PrimaryIdAttribute = primaryKey ?? logical + "id",
                PrimaryNameAttribute = columns.FirstOrDefault(c => c.IsPrimaryName)?.LogicalName,
                PrivilegeName = schema,
                InSolution = true,
                HasNotes = IsTrue(info.Element("HasRelatedNotes")?.Value),
                HasActivities = IsTrue(info.Element("HasRelatedActivities")?.Value),
                Source = source,
            };
        }

        /// <summary>HasRelatedNotes and HasRelatedActivities are "True"/"False" (the schema's TrueFalseType, not 1/0).</summary>
        private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "True", StringComparison.OrdinalIgnoreCase);

        private ColumnDefinition Column(string table, XElement a)
        {
            var logical = Required(Value(a, "LogicalName") ?? Value(a, "Name") ?? SolutionXml.Attr(a, "PhysicalName"), $"an attribute of {table} has no LogicalName").ToLowerInvariant();
            var typeName = Required(SolutionXml.Child(a, "Type"), $"attribute {logical} has no Type");
            var type = ColumnDefinition.TypeOf(typeName);
            var element = a.Element("optionset");
            var choiceName = Value(a, "OptionSetName") ?? (element == null ? null : SolutionXml.Attr(element, "Name"));
            var own = element != null && SolutionXml.Child(element, "IsGlobal") != "1"
                ? ChoiceOf(element, SolutionXml.Attr(element, "Name") is { Length: > 0 } n ? n : logical, isGlobal: false) : null;
            var choice = own ?? (choiceName != null && _globalChoices.TryGetValue(choiceName, out var global) ? global : null);
            var defaultValue = Int(a, "AppDefaultValue");
            return new ColumnDefinition(logical, type)
            {
                SchemaName = SolutionXml.Attr(a, "PhysicalName"),
                TypeName = typeName,
                RequiredLevel = Required(SolutionXml.Child(a, "RequiredLevel")),
                DisplayNames = Text(a.Element("displaynames"), "displayname"),
                Descriptions = Text(a.Element("Descriptions"), "Description"),
                MaxLength = Int(a, "MaxLength"),
                MinValue = Dec(a, "MinValue"),
                MaxValue = Dec(a, "MaxValue"),
                Precision = Int(a, "Accuracy") ?? Int(a, "Precision") ?? (type == ColumnType.Money ? 2 : null),
                IsSecured = Int(a, "IsSecured") == 1,
                IsCustom = Int(a, "IsCustomField") == 1,
                IsPrimaryName = SolutionXml.Child(a, "DisplayMask").Split('|').Contains("PrimaryName"),
                Format = a.Element("Format")?.Value,
                DateTimeBehavior = DateTimeBehavior(a),
                DefaultValue = defaultValue == -1 ? null : defaultValue,
                ChoiceName = choiceName,
                Choice = choice,
                Targets = type is ColumnType.Lookup or ColumnType.Owner or ColumnType.Customer ? LookupTargets(table, logical) : Array.Empty<string>(),
                // A type the model does not know is not written through the API.
                ValidForCreate = type != ColumnType.Virtual && Int(a, "ValidForCreateApi") != 0,
                ValidForUpdate = type != ColumnType.Virtual && Int(a, "ValidForUpdateApi") != 0,
                ValidForRead = Int(a, "ValidForReadApi") != 0,
            };
        }

        private IReadOnlyList<string> LookupTargets(string table, string column) =>
            _relationships.Where(r => r.Kind == RelationshipKind.OneToMany && SolutionXml.SameName(r.ReferencingEntity, table) && SolutionXml.SameName(r.ReferencingAttribute, column))
                .Select(r => r.ReferencedEntity).Distinct().ToList();

        /// <summary>1 user local, 2 date only, 3 time-zone independent; exports write the number, hand-written files the name.</summary>
        private static int? DateTimeBehavior(XElement a) => Int(a, "Behavior") ?? Value(a, "Behavior")?.ToLowerInvariant() switch
        {
            "userlocal" => 1,
            "dateonly" => 2,
            "timezoneindependent" => 3,
            _ => null,
        };

        private static TableOwnership Ownership(string? mask) => (mask ?? "").Trim().ToLowerInvariant() switch
        {
            "orgowned" or "organizationowned" => TableOwnership.OrganizationOwned,
            "businessowned" => TableOwnership.BusinessOwned,
            "none" => TableOwnership.None,
            _ => TableOwnership.UserOwned,
        };

        private static RequiredLevel Required(string text) => text.ToLowerInvariant() switch
        {
            "systemrequired" => RequiredLevel.SystemRequired,
            "required" or "applicationrequired" => RequiredLevel.ApplicationRequired,
            "recommended" => RequiredLevel.Recommended,
            _ => RequiredLevel.None,
        };

        /// <summary>Options of a choice: options, yes/no (TrueOption, FalseOption), states (with their default status) or statuses
        /// (with their state). A value listed twice counts once (the first).</summary>
        private static Choice ChoiceOf(XElement optionSet, string name, bool isGlobal)
        {
            var items = optionSet.Element("options")?.Elements("option") ?? optionSet.Element("states")?.Elements("state") ?? optionSet.Element("statuses")?.Elements("status")
                        ?? optionSet.Elements().Where(e => e.Name.LocalName is "TrueOption" or "FalseOption");
            var options = items.Select(o => new ChoiceOption(int.Parse(SolutionXml.Attr(o, "value"), CultureInfo.InvariantCulture), Text(o.Element("labels"), "label"))
            {
                State = IntAttr(o, "state"),
                DefaultStatus = IntAttr(o, "defaultstatus"),
            }).GroupBy(o => o.Value).Select(g => g.First()).ToList();
            return new Choice(name, isGlobal, options);
        }

        // ---------- forms and views ----------

        /// <summary>A systemform element of TABLE.</summary>
        public static FormDefinition Form(string table, string formType, XElement form, string source)
        {
            var id = Guid.TryParse(SolutionXml.Child(form, "formid"), out var g) ? g : Guid.Empty;
            var controls = form.Element("form")?.Descendants("control").ToList() ?? new List<XElement>();
            var subgrids = controls.Where(c => c.Element("parameters")?.Element("TargetEntityType") != null || c.Element("parameters")?.Element("RelationshipName") != null)
                .Select(c =>
                {
                    var p = c.Element("parameters")!;
                    return new SubgridReference(SolutionXml.Attr(c, "id"), SolutionXml.Child(p, "RelationshipName"), SolutionXml.Child(p, "TargetEntityType").ToLowerInvariant(),
                        Guid.TryParse(SolutionXml.Child(p, "ViewId"), out var v) ? v : null);
                }).ToList();
            var body = form.Element("form");
            var display = body?.Element("DisplayConditions");
            var roles = display?.Elements("Role").Select(r => Guid.TryParse(SolutionXml.Attr(r, "Id"), out var rid) ? rid : Guid.Empty).ToList() ?? new List<Guid>();
            return new FormDefinition(table, id, formType)
            {
                Names = Text(form.Element("LocalizedNames"), "LocalizedName"),
                Columns = controls.Select(c => SolutionXml.Attr(c, "datafieldname").ToLowerInvariant()).Where(n => n.Length > 0).Distinct().ToList(),
                Subgrids = subgrids,
                Libraries = body?.Element("formLibraries")?.Elements("Library").Select(l => SolutionXml.Attr(l, "name")).Where(n => n.Length > 0).ToList()
                            ?? new List<string>(),
                Handlers = body?.Element("events")?.Elements("event").SelectMany(e => e.Element("Handlers")?.Elements("Handler")
                               .Select(h => new FormEventHandler(SolutionXml.Attr(e, "name"), SolutionXml.Attr(h, "functionName"), SolutionXml.Attr(h, "libraryName")))
                               ?? Enumerable.Empty<FormEventHandler>()).ToList()
                           ?? new List<FormEventHandler>(),
                ControlIds = controls.Select(c => SolutionXml.Attr(c, "id")).Where(n => n.Length > 0).ToList(),
                // No DisplayConditions, or an <Everyone/>: every user with access to the table may see it.
                ForEveryone = display == null || display.Element("Everyone") != null || roles.Count == 0,
                DisplayRoles = roles,
                DisplayOrder = display == null ? null : IntAttr(display, "Order"),
                IsFallback = display != null && string.Equals(SolutionXml.Attr(display, "FallbackForm"), "true", StringComparison.OrdinalIgnoreCase),
                Source = source,
            };
        }

        /// <summary>A savedquery element of TABLE: the columns its FetchXML and layout name, by the table each belongs to.</summary>
        public static ViewDefinition View(string table, XElement query, string source)
        {
            var id = Guid.TryParse(SolutionXml.Child(query, "savedqueryid"), out var g) ? g : Guid.Empty;
            var columns = new List<(string Table, string Column)>();
            var linked = new List<string>();
            var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var entity = query.Element("fetchxml")?.Element("fetch")?.Element("entity");
            if (entity != null)
            {
                var main = SolutionXml.Attr(entity, "name") is { Length: > 0 } n ? n.ToLowerInvariant() : table;
                Walk(entity, main, parent: null);
            }
            foreach (var cell in query.Element("layoutxml")?.Descendants("cell") ?? Enumerable.Empty<XElement>())
            {
                var name = SolutionXml.Attr(cell, "name");
                if (name.Length == 0) continue;
                var dot = name.IndexOf('.');
                if (dot < 0) columns.Add((table, name.ToLowerInvariant()));
                else if (aliases.TryGetValue(name[..dot], out var t)) columns.Add((t, name[(dot + 1)..].ToLowerInvariant()));
            }
            return new ViewDefinition(table, id)
            {
                Names = Text(query.Element("LocalizedNames"), "LocalizedName"),
                QueryType = Int(query, "querytype"),
                Columns = columns.Distinct().ToList(),
                LinkedTables = linked.Distinct().ToList(),
                Source = source,
            };

            void Walk(XElement e, string current, string? parent)
            {
                foreach (var a in e.Elements("attribute")) Add(current, SolutionXml.Attr(a, "name"));
                foreach (var o in e.Elements("order")) Add(current, SolutionXml.Attr(o, "attribute"));
                foreach (var c in e.Descendants("condition").Where(c => c.Ancestors().First(x => x.Name.LocalName is "entity" or "link-entity") == e))
                {
                    var alias = SolutionXml.Attr(c, "entityname");
                    Add(alias.Length > 0 && aliases.TryGetValue(alias, out var t) ? t : current, SolutionXml.Attr(c, "attribute"));
                }
                foreach (var link in e.Elements("link-entity"))
                {
                    var target = SolutionXml.Attr(link, "name").ToLowerInvariant();
                    if (target.Length == 0) continue;
                    linked.Add(target);
                    if (SolutionXml.Attr(link, "alias") is { Length: > 0 } alias) aliases[alias] = target;
                    Add(target, SolutionXml.Attr(link, "from"));
                    Add(current, SolutionXml.Attr(link, "to"));
                    Walk(link, target, current);
                }
            }

            void Add(string t, string column)
            {
                if (column.Length > 0) columns.Add((t, column.ToLowerInvariant()));
            }
        }

        // ---------- relationships and security ----------

        public static RelationshipDefinition Relationship(XElement r, string source)
        {
            var name = Required(SolutionXml.Attr(r, "Name"), "<EntityRelationship> without Name");
            var relationship = new RelationshipDefinition(name, RelationshipKind.OneToMany)
            {
                ReferencedEntity = SolutionXml.Child(r, "ReferencedEntityName").ToLowerInvariant(),
                ReferencingEntity = SolutionXml.Child(r, "ReferencingEntityName").ToLowerInvariant(),
                ReferencingAttribute = SolutionXml.Child(r, "ReferencingAttributeName").ToLowerInvariant(),
                CascadeDelete = Cascade(r, "CascadeDelete", CascadeBehavior.RemoveLink),
                CascadeAssign = Cascade(r, "CascadeAssign", CascadeBehavior.NoCascade),
                CascadeShare = Cascade(r, "CascadeShare", CascadeBehavior.NoCascade),
                CascadeUnshare = Cascade(r, "CascadeUnshare", CascadeBehavior.NoCascade),
                CascadeReparent = Cascade(r, "CascadeReparent", CascadeBehavior.NoCascade),
                Source = source,
            };
            if (!string.Equals(SolutionXml.Child(r, "EntityRelationshipType"), "ManyToMany", StringComparison.OrdinalIgnoreCase)) return relationship;
            // Many-to-many: the intersect table and its two columns default the way Dataverse names them.
            var e1 = (Value(r, "FirstEntityName") ?? Value(r, "Entity1LogicalName") ?? string.Empty).ToLowerInvariant();
            var e2 = (Value(r, "SecondEntityName") ?? Value(r, "Entity2LogicalName") ?? string.Empty).ToLowerInvariant();
            return relationship with
            {
                Kind = RelationshipKind.ManyToMany,
                Entity1 = e1,
                Entity2 = e2,
                IntersectEntity = (Value(r, "IntersectEntityName") ?? name).ToLowerInvariant(),
                Entity1IntersectAttribute = (Value(r, "Entity1IntersectAttribute") ?? e1 + "id").ToLowerInvariant(),
                Entity2IntersectAttribute = (Value(r, "Entity2IntersectAttribute") ?? (e1 == e2 ? e2 + "idtwo" : e2 + "id")).ToLowerInvariant(),
            };
        }

        private static CascadeBehavior Cascade(XElement r, string child, CascadeBehavior fallback) =>
            Enum.TryParse<CascadeBehavior>(SolutionXml.Child(r, child), ignoreCase: true, out var c) ? c : fallback;

        public static SecurityRoleDefinition Role(XElement r, string source) => new(Id(SolutionXml.Attr(r, "id")), Required(SolutionXml.Attr(r, "name"), "<Role> without name"))
        {
            Privileges = r.Element("RolePrivileges")?.Elements("RolePrivilege")
                             .Select(p => new RolePrivilege(Required(SolutionXml.Attr(p, "name"), "<RolePrivilege> without name"), SolutionXml.Attr(p, "level"))).ToList()
                         ?? new List<RolePrivilege>(),
            Source = source,
        };

        public static FieldSecurityProfileDefinition FieldSecurityProfile(XElement p, string source) => new(
            Id(SolutionXml.Attr(p, "fieldsecurityprofileid")), Required(SolutionXml.Attr(p, "name"), "<FieldSecurityProfile> without name"),
            p.Element("FieldPermissions")?.Elements("FieldPermission").Select(fp => new FieldPermissionDefinition(
                SolutionXml.Child(fp, "EntityName").ToLowerInvariant(), SolutionXml.Child(fp, "AttributeName").ToLowerInvariant(),
                Int(fp, "CanRead") == 4, Int(fp, "CanCreate") == 4, Int(fp, "CanUpdate") == 4)).ToList() ?? new List<FieldPermissionDefinition>())
        {
            Description = SolutionXml.Attr(p, "description"),
            Source = source,
        };

        // ---------- settings ----------

        public static EnvironmentVariableDefinition EnvironmentVariable(XElement v, string source) =>
            new(Required(SolutionXml.Attr(v, "schemaname"), "<environmentvariabledefinition> without schemaname"), (EnvironmentVariableType)(Int(v, "type") ?? (int)EnvironmentVariableType.String))
            {
                DefaultValue = v.Element("defaultvalue")?.Value,
                IsRequired = Int(v, "isrequired") == 1,
                DisplayNames = Text(v.Element("displayname"), "label"),
                Descriptions = Text(v.Element("description"), "label"),
                Source = source,
            };

        public static ConnectionReferenceDefinition ConnectionReference(XElement c, string source) =>
            new(Required(SolutionXml.Attr(c, "connectionreferencelogicalname"), "<connectionreference> without connectionreferencelogicalname"), SolutionXml.Child(c, "connectorid"))
            {
                DisplayName = SolutionXml.Child(c, "connectionreferencedisplayname"),
                Source = source,
            };

        // ---------- custom APIs and processes ----------

        /// <summary>A customapi element with its request parameters and response properties (read by the caller from their own files or entries).</summary>
        public static CustomApiDefinition CustomApi(XElement a, IReadOnlyList<CustomApiField> parameters, IReadOnlyList<CustomApiField> properties, IReadOnlyList<string> files, string source)
        {
            var typeRef = a.Element("plugintypeid");
            // Exports write <plugintypeid><plugintypeexportkey>; for a type of a plug-in assembly (not a package) the key is the type's id.
            var exportKey = typeRef == null ? null : Value(typeRef, "plugintypeexportkey");
            return new CustomApiDefinition(Required(SolutionXml.Attr(a, "uniquename"), "<customapi> without uniquename"))
            {
                Name = SolutionXml.Child(a, "name"),
                DisplayNames = Text(a.Element("displayname"), "label"),
                Descriptions = Text(a.Element("description"), "label"),
                BindingType = (CustomApiBindingType)(Int(a, "bindingtype") ?? 0),
                BoundEntityLogicalName = Value(a, "boundentitylogicalname"),
                IsFunction = Int(a, "isfunction") == 1,
                IsPrivate = Int(a, "isprivate") == 1,
                AllowedCustomProcessingStepType = (CustomApiStepType)(Int(a, "allowedcustomprocessingsteptype") ?? 0),
                ExecutePrivilegeName = Value(a, "executeprivilegename"),
                PluginTypeId = typeRef?.Element("plugintypeid") is { } id && id.Value.Trim().Length > 0 ? Guid.Parse(id.Value.Trim())
                    : Guid.TryParse(exportKey, out var keyId) ? keyId : null,
                PluginTypeExportKey = exportKey,
                WorkflowSdkStepEnabled = Int(a, "workflowsdkstepenabled") == 1,
                IsCustomizable = Int(a, "iscustomizable") == 1,
                RequestParameters = parameters,
                ResponseProperties = properties,
                Files = files,
                Source = source,
            };
        }

        /// <summary>A customapirequestparameter or customapiresponseproperty element.</summary>
        public static CustomApiField CustomApiField(XElement f, string source)
        {
            var type = Int(f, "type") ?? throw new FormatException($"<{f.Name.LocalName}> without <type>.");
            if (!Enum.IsDefined(typeof(CustomApiFieldType), type)) throw new FormatException($"<{f.Name.LocalName}> has <type>{type}</type>, which is not a custom API type (0-12).");
            return new CustomApiField(Required(SolutionXml.Attr(f, "uniquename"), $"<{f.Name.LocalName}> without uniquename"), (CustomApiFieldType)type)
            {
                Name = SolutionXml.Child(f, "name"),
                IsOptional = Int(f, "isoptional") == 1,
                LogicalEntityName = Value(f, "logicalentityname"),
                DisplayNames = Text(f.Element("displayname"), "label"),
                Descriptions = Text(f.Element("description"), "label"),
                Source = source,
            };
        }

        /// <summary>A Workflow element; <paramref name="json"/> is the cloud flow's definition when there is one.</summary>
        public static WorkflowDefinition Workflow(XElement w, byte[]? json, string source)
        {
            var id = Required(SolutionXml.Attr(w, "WorkflowId"), "<Workflow> without WorkflowId");
            return new WorkflowDefinition(Guid.Parse(id), Required(SolutionXml.Attr(w, "Name"), "<Workflow> without Name"))
            {
                Category = (WorkflowCategory)(Int(w, "Category") ?? 0),
                Type = Int(w, "Type") ?? 1,
                StateCode = Int(w, "StateCode") ?? 0,
                StatusCode = Int(w, "StatusCode") ?? 1,
                PrimaryEntity = SolutionXml.Child(w, "PrimaryEntity"),
                JsonFileName = SolutionXml.Child(w, "JsonFileName"),
                Names = Text(w.Element("LocalizedNames"), "LocalizedName"),
                Descriptions = Text(w.Element("Descriptions"), "Description"),
                ConnectionReferences = json == null ? Array.Empty<string>() : FlowConnectionReferences(json),
                Source = source,
            };
        }

        /// <summary>properties.connectionReferences.*.connection.connectionReferenceLogicalName of a flow's JSON.</summary>
        public static IReadOnlyList<string> FlowConnectionReferences(byte[] json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
            if (!document.RootElement.TryGetProperty("properties", out var properties) || !properties.TryGetProperty("connectionReferences", out var references)
                || references.ValueKind != System.Text.Json.JsonValueKind.Object)
                return Array.Empty<string>();
            var names = new List<string>();
            foreach (var reference in references.EnumerateObject())
                if (reference.Value.TryGetProperty("connection", out var connection) && connection.TryGetProperty("connectionReferenceLogicalName", out var name) && name.GetString() is { Length: > 0 } n)
                    names.Add(n);
            return names;
        }

        // ---------- plug-ins and steps ----------

        /// <summary>A PluginAssembly element; <paramref name="name"/> is the assembly's simple name when the layout gives it (its folder).</summary>
        public static PluginAssemblyDefinition Assembly(XElement a, string? name, string source)
        {
            var fullName = SolutionXml.Attr(a, "FullName");
            var simple = name ?? (fullName.Length > 0 ? fullName.Split(',')[0].Trim() : System.IO.Path.GetFileNameWithoutExtension(SolutionXml.Child(a, "FileName")));
            var types = a.Element("PluginTypes")?.Elements("PluginType").Select(t =>
            {
                var aqn = SolutionXml.Attr(t, "AssemblyQualifiedName");
                var parts = aqn.Split(',');
                return new PluginTypeDefinition(Guid.TryParse(SolutionXml.Attr(t, "PluginTypeId"), out var id) ? id : Guid.Empty, parts[0].Trim(), aqn)
                {
                    Name = SolutionXml.Attr(t, "Name"),
                    FriendlyName = SolutionXml.Child(t, "FriendlyName"),
                    WorkflowActivityGroupName = t.Element("WorkflowActivityGroupName")?.Value,
                    AssemblyName = parts.Length > 1 ? parts[1].Trim() : simple,
                };
            }).ToList() ?? new List<PluginTypeDefinition>();
            return new PluginAssemblyDefinition(Guid.TryParse(SolutionXml.Attr(a, "PluginAssemblyId"), out var aid) ? aid : Guid.Empty, simple, fullName, types)
            {
                IsolationMode = Int(a, "IsolationMode") ?? 0,
                SourceType = Int(a, "SourceType") ?? 0,
                FileName = SolutionXml.Child(a, "FileName"),
                Source = source,
            };
        }

        /// <summary>An SdkMessageProcessingStep element; <paramref name="types"/> give the assembly when PluginTypeName names none.</summary>
        public static StepDefinition Step(XElement s, IEnumerable<PluginTypeDefinition> types, string fallbackName, string source)
        {
            var name = SolutionXml.Attr(s, "Name") is { Length: > 0 } n ? n : fallbackName;
            var messageId = Guid.TryParse(SolutionXml.Child(s, "SdkMessageId"), out var mid) ? mid : (Guid?)null;
            var typeId = Guid.TryParse(SolutionXml.Child(s, "PluginTypeId"), out var tid) ? tid : (Guid?)null;
            var qualified = SolutionXml.Child(s, "PluginTypeName");
            var parts = qualified.Split(',');
            var assembly = parts.Length > 1 ? parts[1].Trim()
                : types.FirstOrDefault(t => (typeId != null && t.Id == typeId) || t.TypeName == parts[0].Trim())?.AssemblyName ?? string.Empty;
            var images = s.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage").Select(i => new StepImageDefinition(
                SolutionXml.Attr(i, "Name"), SolutionXml.Child(i, "EntityAlias"), List(SolutionXml.Child(i, "Attributes")))
            {
                DeclaredImageType = Int(i, "ImageType"),
                MessagePropertyName = SolutionXml.Child(i, "MessagePropertyName"),
            }).ToList() ?? new List<StepImageDefinition>();
            return new StepDefinition(Guid.TryParse(SolutionXml.Attr(s, "SdkMessageProcessingStepId"), out var id) ? id : Guid.Empty, name)
            {
                MessageId = messageId,
                Message = messageId is { } known ? SdkMessages.NameOf(known) ?? string.Empty : string.Empty,
                PrimaryEntity = AnyTable(SolutionXml.Child(s, "PrimaryEntity")),
                SecondaryEntity = AnyTable(SolutionXml.Child(s, "SecondaryEntity")),
                DeclaredStage = Int(s, "Stage"),
                DeclaredMode = Int(s, "Mode"),
                DeclaredRank = Int(s, "Rank"),
                FilteringAttributes = List(SolutionXml.Child(s, "FilteringAttributes")),
                PluginTypeId = typeId,
                PluginTypeQualifiedName = qualified,
                AssemblyName = assembly,
                UnsecureConfiguration = s.Element("Configuration")?.Value,
                AsyncAutoDelete = Int(s, "AsyncAutoDelete") == 1,
                SupportedDeployment = Int(s, "SupportedDeployment") ?? 0,
                EventHandlerTypeCode = Int(s, "EventHandlerTypeCode") ?? 0,
                Images = images,
                Description = Value(s, "Description"),
                StateCode = Int(s, "StateCode") ?? 0,
                Source = source,
            };
        }

        /// <summary>Null for a step on any table ("none" or nothing).</summary>
        private static string? AnyTable(string table) => table.Length > 0 && !string.Equals(table, "none", StringComparison.OrdinalIgnoreCase) ? table.ToLowerInvariant() : null;

        // ---------- web resources and apps ----------

        public static WebResourceDefinition WebResource(XElement w, string source) =>
            new(Required(SolutionXml.Child(w, "Name"), "<WebResource> without Name"), Int(w, "WebResourceType") ?? 0)
            {
                Id = Guid.TryParse(SolutionXml.Child(w, "WebResourceId"), out var id) ? id : Guid.Empty,
                DisplayName = SolutionXml.Child(w, "DisplayName"),
                FileName = SolutionXml.Child(w, "FileName"),
                ContentPath = SolutionXml.Child(w, "FileName"),
                Source = source,
            };

        public static SiteMapDefinition SiteMap(XElement m, string source) =>
            new(Required(SolutionXml.Child(m, "SiteMapUniqueName"), "<AppModuleSiteMap> without SiteMapUniqueName"))
            {
                Names = Text(m.Element("LocalizedNames"), "LocalizedName"),
                Areas = m.Element("SiteMap")?.Elements("Area").Select(a => SolutionXml.Attr(a, "Id")).ToList() ?? new List<string>(),
                Tables = m.Descendants("SubArea").Select(s => SolutionXml.Attr(s, "Entity").ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList(),
                Source = source,
            };

        public static AppDefinition App(XElement a, string source)
        {
            var components = a.Element("AppModuleComponents")?.Elements("AppModuleComponent").ToList() ?? new List<XElement>();
            IReadOnlyList<string> Names(int type) => components.Where(c => IntAttr(c, "type") == type).Select(c => SolutionXml.Attr(c, "schemaName")).Where(n => n.Length > 0).ToList();
            IReadOnlyList<Guid> Ids(IEnumerable<XElement> elements) => elements.Select(c => Guid.TryParse(SolutionXml.Attr(c, "id"), out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            return new AppDefinition(Required(SolutionXml.Child(a, "UniqueName"), "<AppModule> without UniqueName"))
            {
                Names = Text(a.Element("LocalizedNames"), "LocalizedName"),
                Descriptions = Text(a.Element("Descriptions"), "Description"),
                Tables = Names(ComponentTypes.Entity).Select(n => n.ToLowerInvariant()).ToList(),
                SiteMaps = Names(ComponentTypes.SiteMap),
                Forms = Ids(components.Where(c => IntAttr(c, "type") == ComponentTypes.Form)),
                Views = Ids(components.Where(c => IntAttr(c, "type") == ComponentTypes.View)),
                Roles = Ids(a.Element("AppModuleRoleMaps")?.Elements("Role") ?? Enumerable.Empty<XElement>()),
                Source = source,
            };
        }

        // ---------- the manifest ----------

        public static SolutionManifest Manifest(XElement manifest, string source)
        {
            var publisher = manifest.Element("Publisher");
            return new SolutionManifest(SolutionXml.Child(manifest, "UniqueName"), SolutionXml.Child(manifest, "Version"), SolutionXml.Child(manifest, "Managed"),
                new PublisherDefinition(publisher == null ? "" : SolutionXml.Child(publisher, "UniqueName"), publisher == null ? "" : SolutionXml.Child(publisher, "CustomizationPrefix"),
                    publisher == null ? "" : SolutionXml.Child(publisher, "CustomizationOptionValuePrefix"))
                {
                    Names = Text(publisher?.Element("LocalizedNames"), "LocalizedName"),
                })
            {
                Names = Text(manifest.Element("LocalizedNames"), "LocalizedName"),
                Descriptions = Text(manifest.Element("Descriptions"), "Description"),
                RootComponents = manifest.Element("RootComponents")?.Elements("RootComponent").Select(r => new RootComponent(
                    IntAttr(r, "type") ?? -1, SolutionXml.Attr(r, "schemaName"), SolutionXml.Attr(r, "id"), IntAttr(r, "behavior") ?? 0)).ToList() ?? new List<RootComponent>(),
                MissingDependencies = manifest.Element("MissingDependencies")?.Elements("MissingDependency").Select(m => new DeclaredDependency(
                    Dependency(m.Element("Required")), Dependency(m.Element("Dependent")))).ToList() ?? new List<DeclaredDependency>(),
                Source = source,
            };
        }

        private static DependencyComponent Dependency(XElement? e) => e == null ? new DependencyComponent(-1, "", "") :
            new DependencyComponent(IntAttr(e, "type") ?? -1, SolutionXml.Attr(e, "schemaName"), SolutionXml.Attr(e, "id"))
            {
                DisplayName = SolutionXml.Attr(e, "displayName"),
                ParentSchemaName = SolutionXml.Attr(e, "parentSchemaName"),
                Solution = SolutionXml.Attr(e, "solution"),
            };

        // ---------- values ----------

        /// <summary>The texts of a localized container (displaynames/displayname, labels/label, ...); the first per language counts.</summary>
        private static LocalizedText Text(XElement? container, string item, string attribute = "description")
        {
            var byLanguage = new Dictionary<int, string>();
            foreach (var e in container?.Elements(item) ?? Enumerable.Empty<XElement>())
            {
                if (IntAttr(e, "languagecode") is { } lcid && e.Attribute(attribute) is { } text) byLanguage.TryAdd(lcid, text.Value);
            }
            return byLanguage.Count == 0 ? LocalizedText.Empty : new LocalizedText(byLanguage);
        }

        private static string Required(string? value, string error) => string.IsNullOrWhiteSpace(value) ? throw new FormatException(error + ".") : value.Trim();

        /// <summary>Guid.Empty when the XML gives no id; an id that is not a GUID is an error.</summary>
        private static Guid Id(string text) => text.Length == 0 ? Guid.Empty : Guid.Parse(text);

        /// <summary>The trimmed text of a child element, or null when it is missing or blank.</summary>
        private static string? Value(XElement e, string child) => SolutionXml.Child(e, child) is { Length: > 0 } text ? text : null;

        private static IReadOnlyList<string> List(string csv) =>
            csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToList();

        private static int? Int(XElement e, string child) =>
            int.TryParse(e.Element(child)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static int? IntAttr(XElement e, string attribute) =>
            int.TryParse((string?)e.Attribute(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static decimal? Dec(XElement e, string child) =>
            decimal.TryParse(e.Element(child)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
