// A new contact with its props, checked in the browser by the API's own rules: react-hook-form takes
// @crego/validation's contactSchema (a Standard Schema) through standardSchemaResolver, so each input
// shows the message the API would answer with, and a valid form hands over the body to send.
import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { contactSchema, type NewContact } from "@crego/validation";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";

export function ContactForm() {
  const [sent, setSent] = useState<NewContact | null>(null);
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm({
    resolver: standardSchemaResolver(contactSchema),
    defaultValues: { name: "", namespace: "Retail Banking", status: "active", type: "individual", props: [] },
  });
  const props = useFieldArray({ control, name: "props" });

  // `body` is the checked body, typed NewContact: trimmed name, `rm_id: ""` sent as null, defaults filled.
  const send = handleSubmit((body) => setSent(body));

  return (
    <form onSubmit={send} noValidate>
      <h1>New contact</h1>
      <label>
        Name <input {...register("name")} aria-invalid={errors.name ? true : undefined} />
      </label>
      <p className="error" data-error-for="name">{errors.name?.message}</p>

      <label>
        Namespace <input {...register("namespace")} />
      </label>
      <p className="error" data-error-for="namespace">{errors.namespace?.message}</p>

      <label>
        Type
        <select {...register("type")}>
          <option value="individual">Individual</option>
          <option value="corporate">Corporate</option>
        </select>
      </label>
      <label>
        Status
        <select {...register("status")}>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </label>

      <label>
        RM id <input {...register("rm_id")} />
      </label>
      <p className="error" data-error-for="rm_id">{errors.rm_id?.message}</p>

      {/* An empty ref id means "issue one from the namespace's pattern": not sent rather than "". */}
      <label>
        Ref id <input {...register("ref_id", { setValueAs: (v: string) => v.trim() || undefined })} />
      </label>
      <p className="error" data-error-for="ref_id">{errors.ref_id?.message}</p>

      <fieldset>
        <legend>Props</legend>
        {props.fields.map((field, i) => (
          <div className="prop" key={field.id}>
            <input placeholder="key" {...register(`props.${i}.key`)} />
            <input placeholder="value" {...register(`props.${i}.value`)} />
            <select {...register(`props.${i}.type`)}>
              <option value="text">text</option>
              <option value="number">number</option>
              <option value="boolean">boolean</option>
              <option value="file">file</option>
            </select>
            <button type="button" onClick={() => props.remove(i)}>
              Remove
            </button>
            <p className="error" data-error-for={`props.${i}`}>
              {[errors.props?.[i]?.key?.message, errors.props?.[i]?.value?.message].filter(Boolean).join("; ")}
            </p>
          </div>
        ))}
        <button type="button" id="add-prop" onClick={() => props.append({ key: "", value: "", type: "text" })}>
          Add prop
        </button>
      </fieldset>
      <p className="error" data-error-for="root">{errors.root?.message}</p>

      <button type="submit">Create contact</button>
      {sent && <pre id="sent">{JSON.stringify(sent, null, 2)}</pre>}
    </form>
  );
}
