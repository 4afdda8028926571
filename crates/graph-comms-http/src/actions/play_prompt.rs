//! `POST …/calls/{id}/playPrompt`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/playPrompt`: play prompts on a
    /// call with service-hosted media
    /// (<https://learn.microsoft.com/graph/api/call-playprompt>). The body is
    /// a [`PlayPromptRequest`](graph_comms_models::PlayPromptRequest); the
    /// answer is `200 OK` with a `Location` and a
    /// [`PlayPromptOperation`](graph_comms_models::PlayPromptOperation),
    /// usually `running`: the outcome comes later as a callback.
    ///
    /// ```
    /// use graph_comms_http::PlayPrompt;
    /// use graph_comms_models::{PlayPromptRequest, Prompt};
    ///
    /// let play = PlayPrompt::builder()
    ///     .call_id("57dab8b1-894c-409a-b240-bd8beae78896")
    ///     .body(PlayPromptRequest::new([Prompt::media("https://cdn.contoso.com/beep.wav")]))
    ///     .build()?;
    /// let request = play.to_request();
    /// assert_eq!(request.method(), "POST");
    /// assert_eq!(
    ///     request.uri().path(),
    ///     "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/playPrompt"
    /// );
    /// # Ok::<(), graph_comms_http::RequestError>(())
    /// ```
    PlayPrompt, PlayPromptBuilder: PlayPrompt,
    body PlayPromptRequest, answer operation PlayPromptOperation
}
